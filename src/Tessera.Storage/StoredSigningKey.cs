namespace Tessera.Storage;

/// <summary>
/// A signing key as persisted. A key is published from <see cref="CreatedAt"/>, signs from
/// <see cref="ActivatesAt"/> until <see cref="RetiresAt"/>, and stays published until <see cref="ExpiresAt"/> so
/// that tokens it signed keep validating.
/// </summary>
/// <param name="Owner">Whose key: <see cref="KeyOwners.Sts"/> or <see cref="KeyOwners.Issuer"/>.</param>
/// <param name="PrivateKey">PKCS#8; the data folder and database are readable by the service user only.</param>
public sealed record StoredSigningKey(
    string KeyId,
    string Owner,
    string Algorithm,
    byte[] PrivateKey,
    byte[]? Certificate,
    DateTimeOffset CreatedAt,
    DateTimeOffset ActivatesAt,
    DateTimeOffset? RetiresAt,
    DateTimeOffset? ExpiresAt);

/// <summary>Owner names of signing keys.</summary>
public static class KeyOwners
{
    public const string Sts = "sts";

    public static string Issuer(string name) => "issuer:" + name;
}
