namespace Tessera.Sts.AccessTokens;

/// <summary>A signed access token and the times a token response reports about it.</summary>
/// <param name="RefreshIn">For long-lived tokens, when a client should fetch a new one.</param>
public sealed record IssuedAccessToken(
    string Token,
    string TokenId,
    DateTimeOffset NotBefore,
    DateTimeOffset ExpiresAt,
    TimeSpan Lifetime,
    TimeSpan? RefreshIn);
