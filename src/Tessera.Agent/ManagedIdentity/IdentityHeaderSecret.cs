using System.Security.Cryptography;
using System.Text;

namespace Tessera.Agent.ManagedIdentity;

/// <summary>
/// The secret callers send in <c>X-IDENTITY-HEADER</c>, which SDKs read from <c>IDENTITY_HEADER</c>. It keeps other
/// local users and forged requests (a server tricked into fetching a loopback URL) from getting tokens. Compared in
/// constant time; never logged or printed.
/// </summary>
public sealed class IdentityHeaderSecret
{
    public const string HeaderName = "X-IDENTITY-HEADER";

    /// <summary>Shorter secrets given through the environment are refused as guessable.</summary>
    public const int MinimumLength = 16;

    private readonly byte[] _digest;

    private IdentityHeaderSecret(string value)
    {
        Value = value;
        _digest = SHA256.HashData(Encoding.UTF8.GetBytes(value));
    }

    /// <summary>The secret itself, for the environment of the program that sends it.</summary>
    public string Value { get; }

    /// <summary>32 random bytes, hex-encoded.</summary>
    public static IdentityHeaderSecret New() => new(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));

    /// <summary>A secret given by the environment; throws when it is too short or cannot travel in a header.</summary>
    public static IdentityHeaderSecret From(string value, string source)
    {
        if (value.Length < MinimumLength || value.Any(c => c is <= ' ' or > '~'))
        {
            throw new ArgumentException(
                $"{source} holds {value.Length} characters; expected at least {MinimumLength} printable ASCII " +
                "characters without spaces (the identity header secret).");
        }

        return new IdentityHeaderSecret(value);
    }

    /// <summary>Whether <paramref name="presented"/> is the secret, in time that depends on neither value.</summary>
    public bool Matches(string? presented) =>
        presented is not null
        && CryptographicOperations.FixedTimeEquals(_digest, SHA256.HashData(Encoding.UTF8.GetBytes(presented)));

    /// <summary>Never the secret: this type may end up in a log or a message by mistake.</summary>
    public override string ToString() => "(identity header secret)";
}
