using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.IdentityModel.Tokens;

namespace Tessera.Tokens.Keys;

/// <summary>
/// A private key Tessera signs tokens with: an issuer's key, or one of the STS's keys (which also carry a
/// self-signed certificate, because resource-side validators expect <c>x5t</c> and <c>x5c</c>).
/// </summary>
public sealed class SigningKey : IDisposable
{
    private readonly AsymmetricAlgorithm _key;

    private SigningKey(AsymmetricAlgorithm key, string algorithm, X509Certificate2? certificate)
    {
        _key = key;
        Algorithm = algorithm;
        Certificate = certificate;
        KeyId = certificate is null ? KeyIdentifiers.ForPublicKey(key) : KeyIdentifiers.ForCertificate(certificate);
        SecurityKey = CreateSecurityKey();
    }

    public string KeyId { get; }

    public string Algorithm { get; }

    public X509Certificate2? Certificate { get; }

    /// <summary>The key as Microsoft.IdentityModel signs with it; with a certificate, tokens get an x5t header.</summary>
    public AsymmetricSecurityKey SecurityKey { get; }

    public SigningCredentials Credentials => new(SecurityKey, Algorithm);

    public AsymmetricAlgorithm PublicKey => _key;

    public static SigningKey CreateRsa() => new(RSA.Create(2048), "RS256", null);

    public static SigningKey CreateEcdsa() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256), "ES256", null);

    /// <summary>
    /// A key with a self-signed certificate valid for <paramref name="validity"/> from <paramref name="now"/>.
    /// </summary>
    public static SigningKey CreateWithCertificate(string algorithm, string subject, DateTimeOffset now, TimeSpan validity)
    {
        AsymmetricAlgorithm key = algorithm == "ES256" ? ECDsa.Create(ECCurve.NamedCurves.nistP256) : RSA.Create(2048);
        var request = key is RSA rsa
            ? new CertificateRequest($"CN={subject}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest($"CN={subject}", (ECDsa)key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        using var selfSigned = request.CreateSelfSigned(now.AddMinutes(-5), now + validity);
        var publicOnly = X509CertificateLoader.LoadCertificate(selfSigned.RawData);
        return new SigningKey(key, algorithm, publicOnly);
    }

    /// <summary>Restores a key from its PKCS#8 form and, for STS keys, its certificate.</summary>
    public static SigningKey Import(string algorithm, byte[] pkcs8, byte[]? certificateDer)
    {
        AsymmetricAlgorithm key = algorithm.StartsWith("ES", StringComparison.Ordinal) ? ECDsa.Create() : RSA.Create();
        key.ImportPkcs8PrivateKey(pkcs8, out _);
        var certificate = certificateDer is null ? null : X509CertificateLoader.LoadCertificate(certificateDer);
        return new SigningKey(key, algorithm, certificate);
    }

    public byte[] ExportPkcs8() => _key.ExportPkcs8PrivateKey();

    public void Dispose()
    {
        _key.Dispose();
        Certificate?.Dispose();
    }

    private AsymmetricSecurityKey CreateSecurityKey()
    {
        // Microsoft.IdentityModel signs with certificate keys only for RSA; an EC key signs as a bare key, so its
        // tokens carry no x5t header (the key set still publishes the certificate).
        if (Certificate is not null && _key is RSA rsa)
        {
            return new X509SecurityKey(Certificate.CopyWithPrivateKey(rsa), KeyId);
        }

        return _key is RSA rsaKey
            ? new RsaSecurityKey(rsaKey) { KeyId = KeyId }
            : new ECDsaSecurityKey((ECDsa)_key) { KeyId = KeyId };
    }
}
