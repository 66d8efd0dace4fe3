using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Tessera.Client.Files;
using Tessera.Client.Tls;
using Tessera.Server.Tls;

namespace Tessera.Server.Hosting;

/// <summary>The server's TLS certificate, the CA clients trust (when local), the roots trusted for issuer fetches,
/// and any repair made on the way, for the log.</summary>
internal sealed record ServerTlsMaterial(
    X509Certificate2 Certificate, string? CaPath, ExtraRootTrust IssuerTrust, IReadOnlyList<string> Notes);

/// <summary>Loads or creates the TLS material of a server, with errors that name the file at fault.</summary>
internal static class ServerCertificates
{
    public static ServerTlsMaterial Load(ServerOptions options, DataFolder folder)
    {
        var roots = new X509Certificate2Collection();
        foreach (var file in options.IssuerCaFiles)
        {
            Read(() => roots.ImportFromPemFile(file), $"--issuer-ca '{file}' holds no readable PEM certificate");
        }

        if (options.CertificatePath is { } certificatePath)
        {
            var keyPath = options.CertificateKeyPath!;
            var certificate = Read(() => X509Certificate2.CreateFromPemFile(certificatePath, keyPath),
                $"--certificate '{certificatePath}' and --certificate-key '{keyPath}' are not a PEM certificate and the " +
                "PEM private key that belongs to it");
            return new ServerTlsMaterial(certificate, null, new ExtraRootTrust(roots), []);
        }

        var notes = new List<string>();
        var local = new LocalCertificateAuthority(folder, TimeProvider.System).EnsureServerCertificate(HostNames(options), notes);
        roots.ImportFromPemFile(folder.CaCertificate);
        return new ServerTlsMaterial(local, folder.CaCertificate, new ExtraRootTrust(roots), notes);
    }

    internal static bool IsWildcard(string host) => host is "0.0.0.0" or "::" or "*" or "+";

    private static List<string> HostNames(ServerOptions options)
    {
        var names = new List<string> { "localhost", "127.0.0.1", "::1" };
        if (IsWildcard(options.Host))
        {
            names.Add(Dns.GetHostName());
        }
        else if (!names.Contains(options.Host))
        {
            names.Add(options.Host);
        }

        if (options.PublicUri is { } publicUrl && !names.Contains(publicUrl.Host))
        {
            names.Add(publicUrl.Host);
        }

        return names;
    }

    private static T Read<T>(Func<T> read, string what)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException or IOException)
        {
            throw new InvalidOperationException($"{what} ({ex.Message}).", ex);
        }
    }

    private static void Read(Action read, string what) => Read(() =>
    {
        read();
        return true;
    }, what);
}
