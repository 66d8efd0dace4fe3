namespace Tessera.Sts;

/// <summary>
/// How many token requests the STS serves per second, per client address and per identity, with the bursts it
/// absorbs; beyond them it answers 429 with Retry-After. Zero turns a limit off.
/// </summary>
public sealed record RateLimits
{
    public int PerAddressPerSecond { get; init; } = 200;

    public int PerAddressBurst { get; init; } = 400;

    public int PerIdentityPerSecond { get; init; } = 50;

    public int PerIdentityBurst { get; init; } = 100;

    public static RateLimits Off { get; } = new() { PerAddressPerSecond = 0, PerIdentityPerSecond = 0 };
}
