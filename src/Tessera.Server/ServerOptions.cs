using Tessera.Client.Files;
using Tessera.Server.Hosting;
using Tessera.Webhook;

namespace Tessera.Server;

/// <summary>How <c>tessera serve</c> runs.</summary>
public sealed record ServerOptions
{
    public string DataDirectory { get; init; } = DataFolder.DefaultPath;

    /// <summary><c>sqlite</c> (the embedded default, in the data folder) or <c>postgres</c> (for several replicas).</summary>
    public string Store { get; init; } = StoreKinds.Sqlite;

    /// <summary>The PostgreSQL connection string; a secret, never logged or echoed.</summary>
    public string? StoreConnection { get; init; }

    /// <summary>Address to listen on: an IP address, <c>localhost</c>, or <c>0.0.0.0</c> for all.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>Port to listen on; 0 picks a free one.</summary>
    public int Port { get; init; } = 8443;

    /// <summary>The URL clients use, when it differs from host and port (behind a load balancer, in a cluster).</summary>
    public string? PublicUrl { get; init; }

    /// <summary><see cref="PublicUrl"/> parsed; only valid once <see cref="Validate"/> found no problems.</summary>
    public Uri? PublicUri => PublicUrl is null ? null : new Uri(PublicUrl);

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

    /// <summary>
    /// Networks (CIDR) from which external issuers may be fetched although they are private, loopback or
    /// link-local: for private clusters, and for tests. Public addresses are always allowed.
    /// </summary>
    public IReadOnlyList<string> AllowedIssuerNetworks { get; init; } = [];

    /// <summary>A file holding the 32-byte key-encryption key for private signing keys (raw or base64).</summary>
    public string? KeyEncryptionKeyFile { get; init; }

    /// <summary>When signing keys are replaced, how long new ones are published first, and their algorithm.</summary>
    public Tessera.Keys.KeyRotationOptions KeyRotation { get; init; } = new();

    /// <summary>How external issuers' keys are fetched and how long they are kept.</summary>
    public Tessera.Sts.IssuerFetchOptions IssuerFetch { get; init; } = new();

    /// <summary>Token requests per second per client address and per identity; 0 turns a limit off.</summary>
    public Tessera.Sts.RateLimits RateLimits { get; init; } = new();

    /// <summary>The Kubernetes admission webhook, served when it names a way to reach a cluster.</summary>
    public WebhookOptions Webhook { get; init; } = new();

    /// <summary>Least important log level written: information (one line per exchange), warning, error.</summary>
    public string LogLevel { get; init; } = "information";

    /// <summary><c>text</c> or <c>json</c> log lines on the console.</summary>
    public string LogFormat { get; init; } = "text";

    /// <summary>
    /// Every problem with these options, each saying what was given and what is expected; empty when they are
    /// usable. Checked before anything is written to disk.
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Host is not ("localhost" or "0.0.0.0" or "::") && !System.Net.IPAddress.TryParse(Host, out _))
        {
            problems.Add($"--host '{Host}' is not an IP address; use one such as 127.0.0.1, localhost, or 0.0.0.0 for all.");
        }

        problems.AddRange(StoreKinds.Validate(Store, StoreConnection));

        if (File.Exists(DataDirectory))
        {
            problems.Add($"--data '{DataDirectory}' is a file; give a folder (it is created when missing).");
        }

        if (Port is < 0 or > 65535)
        {
            problems.Add($"--port {Port} is not a port; use 0-65535 (0 picks a free one).");
        }

        if (PublicUrl is { } text && (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps
            || url.AbsolutePath != "/" || !string.IsNullOrEmpty(url.Query)))
        {
            problems.Add($"--public-url '{text}' must be an https origin without a path, such as https://tessera.example:8443.");
        }

        if ((CertificatePath is null) != (CertificateKeyPath is null))
        {
            problems.Add("--certificate and --certificate-key go together; give both or neither.");
        }

        foreach (var file in new[] { CertificatePath, CertificateKeyPath }.Concat(IssuerCaFiles))
        {
            if (file is not null && !File.Exists(file))
            {
                problems.Add($"The file '{file}' does not exist.");
            }
        }

        if (MaxWorkloadTokenLifetime < TimeSpan.FromSeconds(600) || MaxWorkloadTokenLifetime > TimeSpan.FromHours(24))
        {
            problems.Add($"--max-token-lifetime {MaxWorkloadTokenLifetime.TotalSeconds:0} is outside 600-86400 seconds.");
        }

        foreach (var network in AllowedIssuerNetworks.Where(n => !System.Net.IPNetwork.TryParse(n, out _)))
        {
            problems.Add($"--allow-issuer-network '{network}' is not a network in CIDR form, such as 10.0.0.0/8.");
        }

        if (KeyEncryptionKeyFile is not null && !File.Exists(KeyEncryptionKeyFile))
        {
            problems.Add($"--key-encryption-key-file '{KeyEncryptionKeyFile}' does not exist.");
        }

        if (KeyRotation.StsAlgorithm is not ("RS256" or "ES256"))
        {
            problems.Add($"--access-token-algorithm '{KeyRotation.StsAlgorithm}' is not RS256 or ES256.");
        }

        problems.AddRange(Webhook.Validate());

        if (LogLevel is not ("debug" or "information" or "warning" or "error"))
        {
            problems.Add($"--log-level '{LogLevel}' is not debug, information, warning or error.");
        }

        if (LogFormat is not ("text" or "json"))
        {
            problems.Add($"--log-format '{LogFormat}' is not text or json.");
        }

        return problems;
    }
}
