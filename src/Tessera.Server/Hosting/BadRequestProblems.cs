using System.Data.Common;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tessera.Server.Hosting;

/// <summary>
/// Turns exceptions that escape an endpoint into problem documents: a request body that cannot be read becomes a
/// 400 saying what was wrong with it; anything else a 500 that reveals nothing but a trace ID, which the log line
/// for it carries too.
/// </summary>
internal static partial class BadRequestProblems
{
    private const string Shape = "see /openapi/v1.json for the shape each endpoint expects";

    public static async Task WriteAsync(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Tessera.Server.Requests");
        int status;
        string detail;
        if (error is BadHttpRequestException bad)
        {
            (status, detail) = (bad.StatusCode, Describe(bad));
            LogBadRequest(logger, context.TraceIdentifier, context.Request.Path, detail);
        }
        else if (error is DbException || error?.InnerException is DbException)
        {
            (status, detail) = (StatusCodes.Status503ServiceUnavailable,
                "The store is unreachable, so the change was not saved; token exchanges continue for identities already " +
                $"loaded. Retry when the database is back (trace ID {context.TraceIdentifier}).");
            LogStoreUnreachable(logger, context.TraceIdentifier, context.Request.Path, (error as DbException ?? error!.InnerException)!.Message);
        }
        else
        {
            (status, detail) = (StatusCodes.Status500InternalServerError,
                $"Tessera failed to handle the request; look for trace ID {context.TraceIdentifier} in its log.");
            LogFailed(logger, context.TraceIdentifier, context.Request.Path, error);
        }

        context.Response.StatusCode = status;
        await Results.Problem(detail, statusCode: status).ExecuteAsync(context);
    }

    private static string Describe(BadHttpRequestException exception)
    {
        if (exception.InnerException is JsonException json)
        {
            var where = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "" : $" at {json.Path}";
            var message = json.Message;
            if (message.Contains("could not be mapped", StringComparison.Ordinal))
            {
                return $"The request body has a member{where} that this endpoint does not know (check its spelling); {Shape}.";
            }

            if (message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase))
            {
                return $"The request body repeats a member{where}; send each member once.";
            }

            if (message.Contains("could not be converted", StringComparison.Ordinal))
            {
                return $"The request body has a value of the wrong type{where}; {Shape}.";
            }

            return $"The request body is not valid JSON{where} ({json.Message.Split(" Path:")[0]}).";
        }

        if (exception.Message.Contains("no body was provided", StringComparison.Ordinal))
        {
            return $"This endpoint needs a JSON body; {Shape}.";
        }

        return exception.InnerException is { } inner ? $"{exception.Message} {inner.Message}" : exception.Message;
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information,
        Message = "Refused a malformed request {TraceId} to {Path}: {Reason}")]
    private static partial void LogBadRequest(ILogger logger, string traceId, string path, string reason);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning,
        Message = "Request {TraceId} to {Path} failed because the store is unreachable: {Reason}")]
    private static partial void LogStoreUnreachable(ILogger logger, string traceId, string path, string reason);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Error, Message = "Request {TraceId} to {Path} failed")]
    private static partial void LogFailed(ILogger logger, string traceId, string path, Exception? exception);
}
