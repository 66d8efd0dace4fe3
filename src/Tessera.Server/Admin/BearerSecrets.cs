using System.Security.Cryptography;
using System.Text;
using Tessera.Tokens.Jwt;

namespace Tessera.Server.Admin;

/// <summary>
/// The random bearer secrets Tessera hands out: the bootstrap admin token (<c>tsa_…</c>) and agent credentials
/// (<c>tsg_…</c>). Each is shown once; the database keeps only a SHA-256 hash, compared in constant time.
/// </summary>
public static class BearerSecrets
{
    public const string AdminPrefix = "tsa_";
    public const string AgentPrefix = "tsg_";

    /// <summary>Settings key under which the admin token's hash is stored.</summary>
    public const string AdminHashSetting = "admin_token_sha256";

    public static string Generate(string prefix) => prefix + Base64UrlText.Encode(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool Matches(string presented, string expectedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(presented)), Encoding.ASCII.GetBytes(expectedHash));
}
