using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Tessera.Tokens.Jwt;

namespace Tessera.Tokens.Keys;

/// <summary>How key IDs are derived, so that a key's ID never depends on when or where it was made.</summary>
public static class KeyIdentifiers
{
    /// <summary>
    /// Kubernetes' rule for service-account issuer keys: unpadded base64url of SHA-256 over the DER
    /// SubjectPublicKeyInfo.
    /// </summary>
    public static string ForPublicKey(AsymmetricAlgorithm key) =>
        Base64UrlText.Encode(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));

    /// <summary>
    /// Entra's rule for its token-signing keys: the certificate's SHA-1 thumbprint, base64url (also the
    /// <c>x5t</c> header). SHA-1 is only a name here, never a security decision.
    /// </summary>
    public static string ForCertificate(X509Certificate2 certificate) =>
        Base64UrlText.Encode(certificate.GetCertHash(HashAlgorithmName.SHA1));
}
