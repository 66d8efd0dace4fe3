namespace Tessera.Issuer;

/// <summary>Limits on workload tokens minted by hosted issuers.</summary>
public sealed record IssuerOptions
{
    public static readonly TimeSpan MinLifetime = TimeSpan.FromSeconds(600);

    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(1);

    /// <summary>Longer requests are shortened to this, as Kubernetes does with its service-account maximum.</summary>
    public TimeSpan MaxLifetime { get; init; } = TimeSpan.FromHours(24);
}
