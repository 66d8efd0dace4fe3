namespace Tessera.Tokens.Assertions;

/// <summary>Bounds applied to every assertion before and after its signature is checked.</summary>
public sealed record AssertionLimits
{
    /// <summary>Real workload tokens are 1-2 KB; anything far larger is refused before it is decoded.</summary>
    public int MaxLength { get; init; } = 8 * 1024;

    /// <summary>How far the issuer's clock may differ from ours.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Longest <c>exp - iat</c> accepted; Entra's limit.</summary>
    public TimeSpan MaxLifetime { get; init; } = TimeSpan.FromHours(25);

    public static AssertionLimits Default { get; } = new();
}
