using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Tessera.Server.Console;

/// <summary>
/// The admin console at <c>/console</c>: three static files embedded in this assembly. The page holds no data and
/// needs no authentication; everything it shows comes from the admin API, with the token the user pastes (kept in
/// the tab's sessionStorage only), so it can do exactly what that token may do.
/// </summary>
internal static class ConsoleEndpoints
{
    private static readonly (string Path, string Resource, string ContentType)[] s_files =
    [
        ("/console", "index.html", "text/html; charset=utf-8"),
        ("/console/console.js", "console.js", "text/javascript; charset=utf-8"),
        ("/console/console.css", "console.css", "text/css; charset=utf-8"),
    ];

    public static void MapConsole(this IEndpointRouteBuilder routes)
    {
        foreach (var (path, resource, contentType) in s_files)
        {
            var content = Read(resource);
            routes.MapGet(path, () => Results.Bytes(content, contentType)).ExcludeFromDescription();
        }
    }

    private static byte[] Read(string name)
    {
        using var stream = typeof(ConsoleEndpoints).Assembly.GetManifestResourceStream("Tessera.Console." + name)
            ?? throw new InvalidOperationException($"The console file '{name}' is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
