using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Tessera.Client.Files;

namespace Tessera.Server.Tls;

/// <summary>
/// A certificate authority private to one data folder, which issues the server's TLS certificate. Clients trust
/// Tessera by trusting <c>ca.pem</c>; the CA key never leaves the data folder.
/// </summary>
public sealed class LocalCertificateAuthority
{
    private static readonly TimeSpan s_caValidity = TimeSpan.FromDays(3650);
    private static readonly TimeSpan s_serverValidity = TimeSpan.FromDays(397);
    private static readonly TimeSpan s_renewBefore = TimeSpan.FromDays(30);

    private readonly DataFolder _folder;
    private readonly TimeProvider _time;

    public LocalCertificateAuthority(DataFolder folder, TimeProvider time)
    {
        _folder = folder;
        _time = time;
    }

    /// <summary>
    /// Returns the server certificate (with its key) for <paramref name="hostNames"/>, creating the CA and the
    /// certificate on first use, and re-issuing the certificate when it nears expiry or lacks a name.
    /// </summary>
    public X509Certificate2 EnsureServerCertificate(IReadOnlyCollection<string> hostNames)
    {
        using var ca = EnsureCa();
        if (File.Exists(_folder.ServerCertificate) && File.Exists(_folder.ServerKey))
        {
            var existing = X509Certificate2.CreateFromPemFile(_folder.ServerCertificate, _folder.ServerKey);
            if (existing.NotAfter.ToUniversalTime() - _time.GetUtcNow().UtcDateTime > s_renewBefore
                && hostNames.All(name => Covers(existing, name)))
            {
                return existing;
            }

            existing.Dispose();
        }

        return IssueServerCertificate(ca, hostNames);
    }

    private X509Certificate2 EnsureCa()
    {
        if (File.Exists(_folder.CaCertificate) && File.Exists(_folder.CaKey))
        {
            return X509Certificate2.CreateFromPemFile(_folder.CaCertificate, _folder.CaKey);
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=Tessera local CA {Environment.MachineName}, O=Tessera", key,
            HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = _time.GetUtcNow();
        var ca = request.CreateSelfSigned(now.AddMinutes(-5), now + s_caValidity);

        PrivateFiles.Write(_folder.CaKey, key.ExportPkcs8PrivateKeyPem());
        PrivateFiles.Write(_folder.CaCertificate, System.Text.Encoding.ASCII.GetBytes(ca.ExportCertificatePem() + "\n"),
            PrivateFiles.OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        return ca;
    }

    private X509Certificate2 IssueServerCertificate(X509Certificate2 ca, IReadOnlyCollection<string> hostNames)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={hostNames.First()}, O=Tessera", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var name in hostNames)
        {
            if (IPAddress.TryParse(name, out var address))
            {
                names.AddIpAddress(address);
            }
            else
            {
                names.AddDnsName(name);
            }
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));

        var now = _time.GetUtcNow();
        var notAfter = now + s_serverValidity < ca.NotAfter ? now + s_serverValidity : new DateTimeOffset(ca.NotAfter);
        using var issued = request.Create(ca, now.AddMinutes(-5), notAfter, RandomNumberGenerator.GetBytes(16));

        PrivateFiles.Write(_folder.ServerKey, key.ExportPkcs8PrivateKeyPem());
        PrivateFiles.Write(_folder.ServerCertificate,
            System.Text.Encoding.ASCII.GetBytes(issued.ExportCertificatePem() + "\n" + ca.ExportCertificatePem() + "\n"),
            PrivateFiles.OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        return X509Certificate2.CreateFromPemFile(_folder.ServerCertificate, _folder.ServerKey);
    }

    private static bool Covers(X509Certificate2 certificate, string hostName)
    {
        var san = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (san is null)
        {
            return false;
        }

        return IPAddress.TryParse(hostName, out var address)
            ? san.EnumerateIPAddresses().Contains(address)
            : san.EnumerateDnsNames().Contains(hostName, StringComparer.OrdinalIgnoreCase);
    }
}
