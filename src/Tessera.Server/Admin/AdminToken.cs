using System.Security.Cryptography;
using System.Text;
using Tessera.Tokens.Jwt;

namespace Tessera.Server.Admin;

/// <summary>
/// The bootstrap admin token: a random secret shown once (in the data folder), of which the database keeps only a
/// SHA-256 hash. Comparison is constant-time.
/// </summary>
public static class AdminToken
{
    public const string Prefix = "tsa_";

    /// <summary>Settings key under which the hash is stored.</summary>
    public const string HashSetting = "admin_token_sha256";

    public static string Generate() => Prefix + Base64UrlText.Encode(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static bool Matches(string presented, string expectedHash)
    {
        var actual = Encoding.ASCII.GetBytes(Hash(presented));
        var expected = Encoding.ASCII.GetBytes(expectedHash);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}
