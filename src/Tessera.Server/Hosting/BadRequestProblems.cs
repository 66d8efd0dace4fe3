using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Tessera.Server.Hosting;

/// <summary>
/// Turns exceptions that escape an endpoint into problem documents: a malformed request body becomes a 400 saying
/// what could not be read; anything else a 500 that reveals nothing but a trace ID.
/// </summary>
internal static class BadRequestProblems
{
    public static async Task WriteAsync(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var (status, detail) = error switch
        {
            BadHttpRequestException bad => (bad.StatusCode, Describe(bad)),
            _ => (StatusCodes.Status500InternalServerError,
                $"Tessera failed to handle the request; look for trace ID {context.TraceIdentifier} in its log."),
        };
        context.Response.StatusCode = status;
        await Results.Problem(detail, statusCode: status).ExecuteAsync(context);
    }

    private static string Describe(BadHttpRequestException exception) => exception.InnerException switch
    {
        JsonException json => $"The request body is not the JSON expected: {json.Message}",
        { } inner => $"{exception.Message} {inner.Message}",
        null => exception.Message,
    };
}
