using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tessera.Keys.Telemetry;
using Tessera.Sts.AccessTokens;
using Tessera.Sts.Errors;
using Tessera.Sts.Exchange;
using Tessera.Sts.SignIns;

namespace Tessera.Sts.Endpoints;

/// <summary>
/// <c>POST /{tenant}/oauth2/v2.0/token</c> and its v1 twin <c>POST /{tenant}/oauth2/token</c>: form in, Entra's
/// token response or error out.
/// </summary>
public static class TokenEndpoints
{
    /// <summary>Largest token request body read; a real one is 2-3 KB.</summary>
    public const int MaxBodyBytes = 32 * 1024;

    /// <summary>A real request has about ten fields; telemetry adds a few.</summary>
    private const int MaxFields = 64;

    public static IEndpointRouteBuilder MapTokenEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/{tenant}/oauth2/v2.0/token", (string tenant, HttpContext context) => HandleAsync(tenant, 2, context))
            .WithTags("Security token service").WithSummary("Exchange a workload token for an access token (v2).")
            .RequireRateLimiting(TokenRateLimiting.PerAddressPolicy)
            .DisableAntiforgery();
        routes.MapPost("/{tenant}/oauth2/token", (string tenant, HttpContext context) => HandleAsync(tenant, 1, context))
            .WithTags("Security token service").WithSummary("Exchange a workload token for an access token (v1).")
            .RequireRateLimiting(TokenRateLimiting.PerAddressPolicy)
            .DisableAntiforgery();
        return routes;
    }

    private static async Task HandleAsync(string tenant, int version, HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var services = context.RequestServices;
        var time = services.GetRequiredService<TimeProvider>();
        var traceId = Activity.Current?.TraceId.ToString() is { } activityTrace ? ToGuidText(activityTrace) : Guid.NewGuid().ToString();
        var correlationId = CorrelationId(context);
        context.Response.Headers["client-request-id"] = correlationId;
        context.Response.Headers["x-ms-request-id"] = traceId;
        using var scope = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TokenEndpoints))
            .BeginScope(new Dictionary<string, object> { ["CorrelationId"] = correlationId });

        var form = await ReadFormAsync(context);
        if (form.Form is { } fields && Guid.TryParse(fields["client_id"].ToString(), out var clientId))
        {
            using var lease = services.GetRequiredService<IdentityRateLimiter>().Acquire(clientId);
            if (!lease.IsAcquired)
            {
                await TokenRateLimiting.WriteRejectionAsync(context, lease, "for this client ID");
                return;
            }
        }

        var outcome = form.Error is { } formError
            ? ExchangeOutcome.Refused(formError, new ExchangeFacts())
            : await services.GetRequiredService<TokenExchange>().ExchangeAsync(tenant, form.Form!, version, context.RequestAborted);

        var elapsed = Stopwatch.GetElapsedTime(started);
        services.GetRequiredService<TesseraMetrics>()
            .ExchangeCompleted(outcome.Error is null, outcome.Error?.Code, elapsed);
        services.GetRequiredService<SignInLog>().Record(SignInRecords.From(outcome, time.GetUtcNow(), correlationId,
            traceId, context.Connection.RemoteIpAddress?.ToString(), elapsed));
        if (outcome.Error is { } error)
        {
            await StsErrorWriter.WriteAsync(context.Response, error, traceId, correlationId, time.GetUtcNow());
            return;
        }

        await WriteTokenAsync(context.Response, outcome.Token!, outcome.Facts.Resource!, version);
    }

    private static async Task<(IFormCollection? Form, StsError? Error)> ReadFormAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
        {
            return (null, StsError.Of(900144,
                "The token request must be sent as application/x-www-form-urlencoded."));
        }

        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return (null, StsError.Of(900144,
                $"The token request body is {context.Request.ContentLength} bytes; at most {MaxBodyBytes} are read."));
        }

        var sizeLimit = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeLimit is { IsReadOnly: false })
        {
            sizeLimit.MaxRequestBodySize = MaxBodyBytes;
        }

        try
        {
            var reader = new FormReader(context.Request.Body)
            {
                ValueCountLimit = MaxFields,
                KeyLengthLimit = 256,
                ValueLengthLimit = MaxBodyBytes,
            };
            var fields = await reader.ReadFormAsync(context.RequestAborted);
            return (new FormCollection(fields), null);
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException)
        {
            return (null, StsError.Of(900144, $"The token request body could not be read as a form: {ex.Message}"));
        }
    }

    private static async Task WriteTokenAsync(HttpResponse response, IssuedAccessToken token, string resource, int version)
    {
        response.ContentType = "application/json; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";

        var seconds = (long)token.Lifetime.TotalSeconds;
        await using var json = new Utf8JsonWriter(response.Body);
        json.WriteStartObject();
        json.WriteString("token_type", "Bearer");
        json.WriteNumber("expires_in", seconds);
        json.WriteNumber("ext_expires_in", seconds);
        if (token.RefreshIn is { } refreshIn)
        {
            json.WriteNumber("refresh_in", (long)refreshIn.TotalSeconds);
        }

        if (version == 1)
        {
            // v1 clients read these as strings of Unix seconds, as Entra's v1 endpoint sends them.
            json.WriteString("expires_on", token.ExpiresAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("not_before", token.NotBefore.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("resource", resource);
        }

        json.WriteString("access_token", token.Token);
        json.WriteEndObject();
        await json.FlushAsync();
    }

    /// <summary>The client's <c>client-request-id</c> when it is a GUID (header or query), else a new one.</summary>
    private static string CorrelationId(HttpContext context)
    {
        var sent = context.Request.Headers["client-request-id"].FirstOrDefault()
            ?? context.Request.Query["client-request-id"].FirstOrDefault();
        return Guid.TryParse(sent, out var id) ? id.ToString() : Guid.NewGuid().ToString();
    }

    private static string ToGuidText(string traceId) =>
        Guid.TryParseExact(traceId, "N", out var guid) ? guid.ToString() : Guid.NewGuid().ToString();
}
