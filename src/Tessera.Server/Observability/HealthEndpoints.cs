using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Tessera.Keys;
using Tessera.Server.Hosting;
using Tessera.Storage;

namespace Tessera.Server.Observability;

/// <summary>
/// <c>/healthz</c>: the process answers (liveness). <c>/readyz</c>: it can serve tokens, because the store answers
/// and the STS has an active signing key (readiness); 503 naming the failed check otherwise.
/// <c>/readyz?exclude=store</c> (kube-apiserver's convention) still reports the store but does not fail on it: a
/// database outage affects every replica at once, and replicas keep exchanging tokens from their caches, so taking
/// them all out of a Service would turn a partial outage into a total one.
/// </summary>
internal static partial class HealthEndpoints
{
    private static readonly TimeSpan s_checkTimeout = TimeSpan.FromSeconds(5);

    public static void MapHealthEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/healthz", () => Results.Text("ok")).ExcludeFromDescription();
        routes.MapGet("/readyz", ReadyAsync).ExcludeFromDescription();
    }

    private static async Task<IResult> ReadyAsync(HttpRequest request,
        IDirectoryStore store, SigningKeyRing keys, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var excluded = request.Query["exclude"].Where(e => e is not null).Select(e => e!).ToHashSet(StringComparer.Ordinal);
        if (excluded.FirstOrDefault(e => e is not ("store" or "keys")) is { } unknown)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown readiness check",
                detail: $"'{unknown}' is not a readiness check; the checks are 'store' and 'keys'.");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_checkTimeout);
        var checks = new Dictionary<string, string>
        {
            ["store"] = await CheckAsync(async () =>
            {
                await store.GetSettingAsync(ServerBootstrap.DefaultTenantSetting, timeout.Token);
                return null;
            }),
            ["keys"] = await CheckAsync(async () => (await keys.GetAsync(KeyOwners.Sts, timeout.Token)).Active is null
                ? "the STS has no active signing key"
                : null),
        };

        var ready = checks.All(c => c.Value == "ok" || excluded.Contains(c.Key));
        if (!ready)
        {
            LogNotReady(loggers.CreateLogger(typeof(HealthEndpoints)),
                string.Join("; ", checks.Where(c => c.Value != "ok").Select(c => $"{c.Key}: {c.Value}")));
        }

        return Results.Json(new { status = ready ? "ready" : "not ready", checks },
            statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>"ok", or why the check failed; exceptions are described by type and message only.</summary>
    private static async Task<string> CheckAsync(Func<Task<string?>> check)
    {
        try
        {
            return await check() ?? "ok";
        }
        catch (OperationCanceledException)
        {
            return $"no answer within {s_checkTimeout.TotalSeconds:0} s";
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or IOException)
        {
            return ex.Message;
        }
    }

    [LoggerMessage(EventId = 4301, Level = LogLevel.Warning, Message = "Not ready: {Reasons}")]
    private static partial void LogNotReady(ILogger logger, string reasons);
}
