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
    /// <param name="notes">Receives a sentence for each repair made (a reissued certificate), for the log.</param>
    public X509Certificate2 EnsureServerCertificate(IReadOnlyCollection<string> hostNames, ICollection<string> notes)
    {
        using var ca = EnsureCa();
        var existing = LoadServerCertificate(notes);
        if (existing is not null)
        {
            if (existing.NotAfter.ToUniversalTime() - _time.GetUtcNow().UtcDateTime > s_renewBefore
                && hostNames.All(name => Covers(existing, name)) && IsIssuedBy(existing, ca))
            {
                return existing;
            }

            notes.Add("The server certificate was expiring, lacked a host name, or was not issued by ca.pem; a new one " +
                "was issued by the local CA.");
            existing.Dispose();
        }

        return IssueServerCertificate(ca, hostNames);
    }

    private X509Certificate2? LoadServerCertificate(ICollection<string> notes)
    {
        if (!File.Exists(_folder.ServerCertificate) || !File.Exists(_folder.ServerKey))
        {
            return null;
        }

        try
        {
            return X509Certificate2.CreateFromPemFile(_folder.ServerCertificate, _folder.ServerKey);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            // The server certificate is derived material: issue a fresh one rather than refuse to start.
            notes.Add($"server.pem or server.key could not be read ({ex.Message}); a new server certificate was issued.");
            return null;
        }
    }

    private X509Certificate2 EnsureCa()
    {
        var hasCertificate = File.Exists(_folder.CaCertificate);
        var hasKey = File.Exists(_folder.CaKey);
        if (hasCertificate && hasKey)
        {
            try
            {
                return X509Certificate2.CreateFromPemFile(_folder.CaCertificate, _folder.CaKey);
            }
            catch (Exception ex) when (ex is CryptographicException or ArgumentException)
            {
                throw new InvalidOperationException(
                    $"The local CA in '{_folder.CaCertificate}' and '{_folder.CaKey}' cannot be read ({ex.Message}). " +
                    "Restore both files from a backup. If they are lost, delete ca.pem, ca.key, server.pem and server.key " +
                    "to create a new CA; every client must then trust the new ca.pem.", ex);
            }
        }

        if (hasCertificate != hasKey)
        {
            var missing = hasCertificate ? _folder.CaKey : _folder.CaCertificate;
            throw new InvalidOperationException(
                $"'{missing}' is missing while its partner file exists; clients trust this CA, so Tessera will not " +
                "silently replace it. Restore the file from a backup, or delete ca.pem, ca.key, server.pem and server.key " +
                "to create a new CA that every client must then trust.");
        }

        // A new CA: any server certificate left over was issued by another CA and must not be served.
        File.Delete(_folder.ServerCertificate);
        File.Delete(_folder.ServerKey);

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

    private static bool IsIssuedBy(X509Certificate2 certificate, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
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
