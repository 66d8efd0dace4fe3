using System.Diagnostics.Metrics;

namespace Tessera.Keys.Telemetry;

/// <summary>
/// Tessera's OpenTelemetry instruments, all on the meter <see cref="MeterName"/>. Each method records one event
/// where it happens; the names follow OpenTelemetry's conventions (dots, units in the instrument, not the name).
/// One meter per process: several servers in one process (tests) share the instruments.
/// </summary>
public sealed class TesseraMetrics
{
    public const string MeterName = "Tessera";

    private static readonly Meter s_meter =
        new(MeterName, typeof(TesseraMetrics).Assembly.GetName().Version?.ToString());

    private static readonly Counter<long> s_exchanges = s_meter.CreateCounter<long>(
        "tessera.sts.exchanges", "{exchange}", "Token exchanges, by outcome and AADSTS error code.");

    private static readonly Histogram<double> s_exchangeDuration = s_meter.CreateHistogram<double>(
        "tessera.sts.exchange.duration", "s", "Time to answer a token request, by outcome.",
        advice: new InstrumentAdvice<double>
        {
            HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        });

    private static readonly Counter<long> s_issuerFetches = s_meter.CreateCounter<long>(
        "tessera.sts.issuer.fetches", "{fetch}", "Fetches of external issuers' discovery documents and key sets.");

    private static readonly Counter<long> s_keyCacheLookups = s_meter.CreateCounter<long>(
        "tessera.sts.issuer.key_cache.lookups", "{lookup}", "Issuer key lookups, answered from memory (hit) or not.");

    private static readonly Counter<long> s_roleCacheLookups = s_meter.CreateCounter<long>(
        "tessera.sts.role_cache.lookups", "{lookup}", "Role lookups for access tokens, answered from memory or not.");

    private static readonly Counter<long> s_keyRotations = s_meter.CreateCounter<long>(
        "tessera.keys.rotations", "{rotation}", "Signing key rotations, by key owner (sts or issuer:NAME).");

    private static readonly Counter<long> s_adminChanges = s_meter.CreateCounter<long>(
        "tessera.admin.changes", "{change}", "Changes made through the admin API, by action.");

    /// <summary>One token exchange ended: <paramref name="errorCode"/> is the AADSTS code of a refusal.</summary>
    public void ExchangeCompleted(bool success, int? errorCode, TimeSpan duration)
    {
        var outcome = new KeyValuePair<string, object?>("outcome", success ? "success" : "failure");
        var code = errorCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";
        s_exchanges.Add(1, outcome, new("error_code", code));
        s_exchangeDuration.Record(duration.TotalSeconds, outcome);
    }

    /// <summary>A discovery document or key set was fetched from an issuer (<paramref name="document"/>:
    /// <c>discovery</c> or <c>keys</c>).</summary>
    public void IssuerFetched(string document, bool success) => s_issuerFetches.Add(1,
        new KeyValuePair<string, object?>("document", document),
        new KeyValuePair<string, object?>("outcome", success ? "success" : "failure"));

    public void IssuerKeyLookup(bool hit) => s_keyCacheLookups.Add(1, Result(hit));

    public void RoleLookup(bool hit) => s_roleCacheLookups.Add(1, Result(hit));

    /// <summary>A signing key of <paramref name="owner"/> (<c>sts</c>, <c>issuer:NAME</c>) was rotated.</summary>
    public void KeyRotated(string owner) => s_keyRotations.Add(1, new KeyValuePair<string, object?>("owner", owner));

    public void AdminChange(string action) =>
        s_adminChanges.Add(1, new KeyValuePair<string, object?>("action", action));

    private static KeyValuePair<string, object?> Result(bool hit) => new("result", hit ? "hit" : "miss");
}
