using System.Diagnostics;

namespace Tessera.Keys.Telemetry;

/// <summary>
/// Tessera's trace spans, on the activity source <see cref="SourceName"/>: a token exchange and, within it, the
/// fetches of an issuer's metadata (whose HTTP requests appear beneath them through HttpClient's own spans).
/// </summary>
public static class TesseraActivities
{
    public const string SourceName = "Tessera";

    public static ActivitySource Source { get; } = new(SourceName);
}
