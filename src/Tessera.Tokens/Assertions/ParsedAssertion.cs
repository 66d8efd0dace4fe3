using System.Text.Json;

namespace Tessera.Tokens.Assertions;

/// <summary>
/// A workload token whose structure has been checked but whose signature and times have not: nothing here may be
/// trusted until <see cref="AssertionValidator"/> has accepted it.
/// </summary>
public sealed record ParsedAssertion(
    string Algorithm,
    string? KeyId,
    string Issuer,
    string Subject,
    IReadOnlyList<string> Audiences,
    long IssuedAt,
    long? NotBefore,
    long ExpiresAt,
    string? JwtId,
    JsonElement Claims,
    string SigningInput,
    byte[] Signature)
{
    public DateTimeOffset IssuedAtTime => DateTimeOffset.FromUnixTimeSeconds(IssuedAt);

    public DateTimeOffset ExpiresAtTime => DateTimeOffset.FromUnixTimeSeconds(ExpiresAt);

    public DateTimeOffset? NotBeforeTime => NotBefore is { } nbf ? DateTimeOffset.FromUnixTimeSeconds(nbf) : null;
}
