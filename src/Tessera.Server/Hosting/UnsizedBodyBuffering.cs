using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;

namespace Tessera.Server.Hosting;

/// <summary>
/// Reads an admin request body that arrives without a length (chunked on HTTP/1.1, open-ended frames on HTTP/2) into
/// memory before the endpoint binds it. Read straight from Kestrel's HTTP/2 body, System.Text.Json's pipe reader
/// answers the server's "request body too large" with an <see cref="InvalidOperationException"/> of its own, which
/// would reach the caller as a 500; read here, the limit surfaces as Kestrel's 413. Admin bodies are small and
/// already capped at the server's request size limit, so holding one in memory costs nothing worth saving.
/// </summary>
internal static class UnsizedBodyBuffering
{
    public static void UseUnsizedAdminBodyBuffering(this WebApplication app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (request.ContentLength is null
            && request.Path.StartsWithSegments("/admin", StringComparison.OrdinalIgnoreCase)
            && context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true)
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, context.RequestAborted);
            request.Body = new MemoryStream(buffer.ToArray(), writable: false);
            request.ContentLength = buffer.Length;
        }

        await next(context);
    });
}
