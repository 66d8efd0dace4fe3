using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Tessera.Client.Tls;

/// <summary>
/// TLS server validation that accepts what the system trusts and, in addition, chains to the given roots (for
/// example Tessera's own local CA). The system store is never replaced, only extended.
/// </summary>
public sealed class ExtraRootTrust(X509Certificate2Collection extraRoots)
{
    public static ExtraRootTrust None { get; } = new([]);

    public X509Certificate2Collection ExtraRoots { get; } = extraRoots;

    /// <summary>Loads every certificate in a PEM file as an extra root.</summary>
    public static ExtraRootTrust FromPemFile(string path)
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(path);
        return new ExtraRootTrust(roots);
    }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        // A name mismatch or missing certificate is never rescued by an extra root.
        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null || ExtraRoots.Count == 0)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(ExtraRoots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            custom.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return custom.Build(leaf);
    }

    /// <summary>A handler for <see cref="HttpClient"/> that validates servers with this trust.</summary>
    public SocketsHttpHandler CreateHandler()
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        handler.SslOptions.RemoteCertificateValidationCallback = Validate;
        return handler;
    }
}
