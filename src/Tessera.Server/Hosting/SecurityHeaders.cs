using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Tessera.Server.Hosting;

/// <summary>
/// Headers on every response, errors included: HSTS (Tessera serves HTTPS only), no MIME sniffing, no framing, no
/// referrer, a content security policy that allows nothing but the console's own files, and <c>no-store</c> on
/// everything that can carry a token or directory data (admin API, console, token and mint endpoints).
/// </summary>
internal static class SecurityHeaders
{
    /// <summary>The console loads its own script and style only, and talks to its own origin only.</summary>
    public const string ConsolePolicy = "default-src 'none'; script-src 'self'; style-src 'self'; " +
        "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>APIs answer JSON, which should never be rendered as a page.</summary>
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";

    public static void UseSecurityHeaders(this WebApplication app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            Apply(context);
            return Task.CompletedTask;
        });
        return next(context);
    });

    private static void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        var path = context.Request.Path;
        headers.StrictTransportSecurity = "max-age=31536000";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = path.StartsWithSegments("/console") ? ConsolePolicy : ApiPolicy;
        if (IsSensitive(path))
        {
            headers.CacheControl = "no-store";
            headers.Pragma = "no-cache";
        }
    }

    /// <summary>Responses that may hold tokens, secrets or directory data; discovery documents and keys stay
    /// cacheable.</summary>
    private static bool IsSensitive(PathString path) =>
        path.StartsWithSegments("/admin") || path.StartsWithSegments("/console")
        || path.Value?.Contains("/oauth2/", StringComparison.Ordinal) == true
        || (path.StartsWithSegments("/issuers") && path.Value!.EndsWith("/token", StringComparison.Ordinal));
}
