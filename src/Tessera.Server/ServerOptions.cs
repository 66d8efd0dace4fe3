using Tessera.Client.Files;

namespace Tessera.Server;

/// <summary>How <c>tessera serve</c> runs.</summary>
public sealed record ServerOptions
{
    public string DataDirectory { get; init; } = DataFolder.DefaultPath;

    /// <summary>Address to listen on: an IP address, <c>localhost</c>, or <c>0.0.0.0</c> for all.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>Port to listen on; 0 picks a free one.</summary>
    public int Port { get; init; } = 8443;

    /// <summary>The URL clients use, when it differs from host and port (behind a load balancer, in a cluster).</summary>
    public Uri? PublicUrl { get; init; }

    /// <summary>A PEM certificate (with chain) to serve instead of one issued by the local CA.</summary>
    public string? CertificatePath { get; init; }

    /// <summary>The PEM private key of <see cref="CertificatePath"/>.</summary>
    public string? CertificateKeyPath { get; init; }

    /// <summary>Longest workload token a hosted issuer mints; longer requests are shortened.</summary>
    public TimeSpan MaxWorkloadTokenLifetime { get; init; } = TimeSpan.FromHours(24);

    /// <summary>
    /// PEM files of CA certificates trusted, besides the system's, when fetching external issuers' discovery
    /// documents and keys: for issuers behind a private CA, such as a cluster's API server.
    /// </summary>
    public IReadOnlyList<string> IssuerCaFiles { get; init; } = [];

    /// <summary><c>text</c> or <c>json</c> log lines on the console.</summary>
    public string LogFormat { get; init; } = "text";
}
