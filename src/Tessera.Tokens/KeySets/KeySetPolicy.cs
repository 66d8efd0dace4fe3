namespace Tessera.Tokens.KeySets;

/// <summary>What a published key must satisfy to be used for verification.</summary>
public sealed record KeySetPolicy
{
    public int MinRsaBits { get; init; } = 2048;

    public int MaxRsaBits { get; init; } = 8192;

    /// <summary>A key set with more keys than this is refused whole: no real issuer needs that many.</summary>
    public int MaxKeys { get; init; } = 100;

    public static KeySetPolicy Default { get; } = new();
}
