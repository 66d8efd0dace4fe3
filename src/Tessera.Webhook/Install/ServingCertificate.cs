using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Tessera.Webhook.Install;

/// <summary>
/// The TLS certificate Tessera serves in the cluster (to workloads and to the API server calling the webhook), its
/// key, and the CA bundle the API server is told to trust (<c>caBundle</c>). All PEM.
/// </summary>
public sealed record ServingCertificate(string CertificatePem, string KeyPem, string CaBundlePem)
{
    private static readonly TimeSpan s_caValidity = TimeSpan.FromDays(3650);
    private static readonly TimeSpan s_serverValidity = TimeSpan.FromDays(825);

    /// <summary>Reads an operator's certificate, key and the CA bundle that verifies the certificate.</summary>
    public static ServingCertificate Load(string certificateFile, string keyFile, string caBundleFile)
    {
        var certificate = File.ReadAllText(certificateFile);
        var key = File.ReadAllText(keyFile);
        var caBundle = File.ReadAllText(caBundleFile);
        using var pair = X509Certificate2.CreateFromPem(certificate, key);
        var roots = new X509Certificate2Collection();
        roots.ImportFromPem(caBundle);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (!chain.Build(pair))
        {
            throw new ArgumentException(
                $"The certificate '{certificateFile}' is not verified by the CA bundle '{caBundleFile}': " +
                string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim())) +
                ". The API server would refuse to call the webhook.");
        }

        return new ServingCertificate(certificate, key, caBundle);
    }

    /// <summary>
    /// A new CA and a certificate it issued for <paramref name="dnsNames"/>; the CA's key is dropped, so renewing
    /// means generating both again.
    /// </summary>
    public static ServingCertificate Generate(IReadOnlyList<string> dnsNames, TimeProvider time)
    {
        var now = time.GetUtcNow();
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Tessera cluster CA, O=Tessera", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        caRequest.CertificateExtensions.Add(
            new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now + s_caValidity);

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={dnsNames[0]}, O=Tessera", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames)
        {
            names.AddDnsName(name);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var serial = RandomNumberGenerator.GetBytes(16);
        using var issued = request.Create(ca, now.AddMinutes(-5), now + s_serverValidity, serial);
        return new ServingCertificate(
            issued.ExportCertificatePem() + "\n",
            key.ExportPkcs8PrivateKeyPem() + "\n",
            ca.ExportCertificatePem() + "\n");
    }
}
