using System.Diagnostics;
using System.Net;
using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Client.Contracts;
using Tessera.Storage;
using Tessera.Testing;

namespace Tessera.Server.Tests;

/// <summary>
/// Metrics for Prometheus, trace spans of an exchange and its issuer fetches, readiness, and log scopes.
/// </summary>
public sealed class ObservabilityTests
{
    [Fact]
    public async Task Metrics_count_exchanges_by_outcome_and_code_with_latency_fetches_and_cache_lookups()
    {
        await using var server = await TesseraTestServer.StartAsync();
        var holder = await server.CreateSignInIdentityAsync();
        await holder.AccessTokenAsync();
        await server.PostTokenAsync(
            TesseraTestServer.TokenForm(Guid.NewGuid(), "x.y.z", "api://tessera-admin/.default"));

        var metrics = await ScrapeUntilAsync(server, "error_code=\"700016\"");

        Assert.Contains("tessera_sts_exchanges_total{", metrics, StringComparison.Ordinal);
        Assert.Matches("tessera_sts_exchanges_total\\{[^}]*outcome=\"success\"", metrics);
        Assert.Matches("tessera_sts_exchanges_total\\{[^}]*error_code=\"700016\"[^}]*outcome=\"failure\"", metrics);
        Assert.Contains("tessera_sts_exchange_duration_seconds_bucket{", metrics, StringComparison.Ordinal);
        Assert.Matches("tessera_sts_issuer_fetches_total\\{[^}]*document=\"discovery\"", metrics);
        Assert.Matches("tessera_sts_issuer_fetches_total\\{[^}]*document=\"keys\"", metrics);
        Assert.Matches("tessera_sts_issuer_key_cache_lookups_total\\{[^}]*result=\"miss\"", metrics);
        Assert.Matches("tessera_sts_role_cache_lookups_total\\{[^}]*result=\"miss\"", metrics);
        Assert.Matches("tessera_admin_changes_total\\{[^}]*action=\"identity.create\"", metrics);
    }

    [Fact]
    public async Task Key_rotations_are_counted_by_owner()
    {
        await using var server = await TesseraTestServer.StartAsync();

        var issuer = await server.CreateIssuerAsync();

        await server.Admin.RotateKeysAsync(new RotateKeysRequest($"issuer:{issuer.Name}"), CancellationToken.None);
        var metrics = await ScrapeUntilAsync(server, "tessera_keys_rotations_total");

        Assert.Matches($"tessera_keys_rotations_total\\{{[^}}]*owner=\"issuer:{issuer.Name}\"[^}}]*\\}} 1\\b", metrics);
    }

    [Fact]
    public async Task Exchange_span_encloses_the_issuer_fetches_and_their_http_requests()
    {
        var activities = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Tessera" or "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (activities)
                {
                    activities.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        await using var server = await TesseraTestServer.StartAsync();
        var holder = await server.CreateSignInIdentityAsync();

        await holder.AccessTokenAsync();

        Activity[] seen;
        lock (activities)
        {
            seen = [.. activities];
        }

        var exchange = seen.Last(a => a.OperationName == "tessera.sts.exchange"
            && (string?)a.GetTagItem("tessera.client_id") == holder.Identity.ClientId.ToString());
        var fetch = Assert.Single(
            seen, a => a.OperationName == "tessera.issuer.fetch" && a.ParentSpanId == exchange.SpanId);
        var requests = seen.Where(a => a.Source.Name == "System.Net.Http" && a.ParentSpanId == fetch.SpanId).ToList();
        Assert.Equal("success", exchange.GetTagItem("tessera.outcome"));
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.Equal(exchange.TraceId, r.TraceId));
    }

    [Fact]
    public async Task Readiness_reports_store_and_keys()
    {
        await using var server = await TesseraTestServer.StartAsync();

        using var response = await server.Http.GetAsync("readyz");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ready", body.RootElement.GetProperty("status").GetString());
        Assert.Equal("ok", body.RootElement.GetProperty("checks").GetProperty("store").GetString());
        Assert.Equal("ok", body.RootElement.GetProperty("checks").GetProperty("keys").GetString());
    }

    [Fact]
    public async Task Unreachable_store_makes_the_server_not_ready_naming_the_store()
    {
        var store = new BreakableStore();
        await using var server = await TesseraTestServer.StartAsync(services: services =>
        {
            var real = services.Single(d => d.ServiceType == typeof(IDirectoryStore));
            services.Remove(real);
            services.AddSingleton(sp => store.Wrap((IDirectoryStore)real.ImplementationFactory!(sp)));
        });

        (await server.Http.GetAsync("readyz")).Dispose(); // loads the STS keys into memory, where they stay usable

        store.Broken = true;
        using var response = await server.Http.GetAsync("readyz");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        using var storeExcluded = await server.Http.GetAsync("readyz?exclude=store");
        using var excludedBody = JsonDocument.Parse(await storeExcluded.Content.ReadAsStringAsync());
        store.Broken = false;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var checks = body.RootElement.GetProperty("checks");
        Assert.Equal("the database does not answer", checks.GetProperty("store").GetString());
        Assert.Equal("ok", checks.GetProperty("keys").GetString());
        Assert.Equal(HttpStatusCode.OK, storeExcluded.StatusCode);
        Assert.Equal("the database does not answer", excludedBody.RootElement.GetProperty("checks").GetProperty("store").GetString());
    }

    [Fact]
    public async Task Readiness_refuses_to_exclude_a_check_it_does_not_have()
    {
        await using var server = await TesseraTestServer.StartAsync();

        using var response = await server.Http.GetAsync("readyz?exclude=stroe");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'stroe' is not a readiness check", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exchange_log_lines_carry_the_callers_correlation_id_and_the_trace_id()
    {
        var logs = new CapturedLogs();
        await using var server = await TesseraTestServer.StartAsync(logging: logs.AddTo);
        var correlationId = Guid.NewGuid().ToString();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{server.TenantId}/oauth2/v2.0/token")
        {
            Content = new FormUrlEncodedContent(
                TesseraTestServer.TokenForm(Guid.NewGuid(), "x.y.z", "api://a/.default")),
        };
        request.Headers.Add("client-request-id", correlationId);

        using var response = await server.Http.SendAsync(request);

        var line = logs.Lines.Single(l => l.EventId == 3002);
        Assert.Equal(correlationId, line.Scopes["CorrelationId"]);
        var traceId = Guid.Parse(response.Headers.GetValues("x-ms-request-id").Single()).ToString("N");
        Assert.Equal(traceId, line.Scopes["TraceId"]);
    }

    private static async Task<string> ScrapeUntilAsync(TesseraTestServer server, string expected)
    {
        // The exporter caches its answer for a moment; scrape until the new measurements show.
        var text = "";
        for (var attempt = 0; attempt < 50 && !text.Contains(expected, StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(attempt == 0 ? 0 : 200);
            text = await server.Http.GetStringAsync("metrics");
        }

        return text;
    }

    /// <summary>
    /// Passes every call to the real store until <see cref="Broken"/>, then fails as a dead database would.
    /// </summary>
    private sealed class BreakableStore
    {
        public volatile bool Broken;

        public IDirectoryStore Wrap(IDirectoryStore real)
        {
            var proxy = DispatchProxy.Create<IDirectoryStore, Proxy>();
            ((Proxy)(object)proxy).Target = (real, this);
            return proxy;
        }

        public class Proxy : DispatchProxy
        {
            public (IDirectoryStore Real, BreakableStore Switch) Target { get; set; }

            protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => Target.Switch.Broken
                ? throw new InvalidOperationException("the database does not answer")
                : targetMethod!.Invoke(Target.Real, args);
        }
    }
}
