using System.Security.Cryptography;
using Tessera.Tokens.Keys;

namespace Tessera.Tokens.Tests;

public sealed class KeyIdentifiersTests
{
    // A fixed public key and its kid as computed independently with OpenSSL:
    //   openssl pkey -pubout -outform DER | openssl dgst -sha256 -binary | base64url
    private const string PublicKeyPem = """
-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEApv9gFnB7SZ5Myw3f3fDp
lwm9mavd0lvMnSNwe4oCmgiVBolSnaMPjr+fQp2DE2GE+YMFq5NUlxEZhutiy9oG
JvtO8SydubXQ9dxX0Ey1dqbZ6a88B1bXp/SyHi4c5VGIsIUJQ0cgKbc8vMNf9YAV
wcz8ETHA43PHByZVhbEKCfUMO6Pip7BVik/hfc3n9pzXhhoKOgag2tWxjCoeSIQc
ppRSWdH2UzfiIQt0uJPSMc8qAlE8AvfaZEF6ipnRy2RDdqNEuLl23QsBXFZY5rNL
p+fHJzuEPghA5UZvQt6wwC3zs7BCTeswtKDx+wkq83kulbQbj6PmRK0DUK4LVwyy
UwIDAQAB
-----END PUBLIC KEY-----
""";

    [Fact]
    public void Kid_is_base64url_sha256_of_the_subject_public_key_info_as_kubernetes_computes_it()
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(PublicKeyPem);

        Assert.Equal("Lpq8oXGH3GevGWez-ZVulPAhRzrNOlzvX6NbviEdweU", KeyIdentifiers.ForPublicKey(rsa));
    }

    [Fact]
    public void Sts_key_id_is_the_certificate_thumbprint_and_matches_x5t()
    {
        using var key = SigningKey.CreateWithCertificate("RS256", "test", DateTimeOffset.UtcNow, TimeSpan.FromDays(1));

        var thumbprint = Convert.FromHexString(key.Certificate!.Thumbprint);

        Assert.Equal(Convert.ToBase64String(thumbprint).TrimEnd('=').Replace('+', '-').Replace('/', '_'), key.KeyId);
    }
}
