using System.Net;
using System.Security.Cryptography.X509Certificates;
using Tessera.Client.Files;
using Tessera.Client.Tls;
using Tessera.Server.Tls;

namespace Tessera.Server.Hosting;

/// <summary>The server's TLS certificate and the roots it trusts when fetching external issuers.</summary>
internal static class ServerCertificates
{
    internal static (X509Certificate2 Certificate, string? CaPath, ExtraRootTrust Trust) LoadCertificate(
        ServerOptions options, DataFolder folder)
    {
        var roots = new X509Certificate2Collection();
        foreach (var file in options.IssuerCaFiles)
        {
            roots.ImportFromPemFile(file);
        }

        if (options.CertificatePath is not null)
        {
            var keyPath = options.CertificateKeyPath ?? throw new ArgumentException(
                "--certificate needs --certificate-key, the PEM private key of that certificate.");
            return (X509Certificate2.CreateFromPemFile(options.CertificatePath, keyPath), null, new ExtraRootTrust(roots));
        }

        var names = new List<string> { "localhost", "127.0.0.1", "::1" };
        if (!IsWildcard(options.Host) && !names.Contains(options.Host))
        {
            names.Add(options.Host);
        }

        if (IsWildcard(options.Host))
        {
            names.Add(Dns.GetHostName());
        }

        if (options.PublicUri is { } publicUrl && !names.Contains(publicUrl.Host))
        {
            names.Add(publicUrl.Host);
        }

        var ca = new LocalCertificateAuthority(folder, TimeProvider.System);
        var certificate = ca.EnsureServerCertificate(names);
        roots.ImportFromPemFile(folder.CaCertificate);
        return (certificate, folder.CaCertificate, new ExtraRootTrust(roots));
    }

    internal static bool IsWildcard(string host) => host is "0.0.0.0" or "::" or "*" or "+";
}
