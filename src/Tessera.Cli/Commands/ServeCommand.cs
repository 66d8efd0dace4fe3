using System.CommandLine;
using Tessera.Client.Files;
using Tessera.Server;
using Tessera.Keys;
using Tessera.Server.Hosting;
using Tessera.Sts;
using Tessera.Webhook;

namespace Tessera.Cli.Commands;

internal static class ServeCommand
{
    public static Command Create()
    {
        var host = new Option<string>("--host") { Description = "Address to listen on (0.0.0.0 for all)", DefaultValueFactory = _ => "127.0.0.1" };
        var port = Integers.Required("--port", "HTTPS port (0 picks a free one)", 8443, 0, 65535, "a port");
        var publicUrl = new Option<string?>("--public-url")
        {
            Description = "The https URL clients use, when it differs from host and port (issuer URLs derive from it)",
        };
        var certificate = new Option<FileInfo>("--certificate") { Description = "PEM certificate (and chain) to serve instead of the local CA's" };
        certificate.AcceptExistingOnly();
        var certificateKey = new Option<FileInfo>("--certificate-key") { Description = "PEM private key of --certificate" };
        certificateKey.AcceptExistingOnly();
        var maxLifetime = Integers.Required("--max-token-lifetime",
            "Longest workload token lifetime in seconds; longer requests are shortened", 86400, 600, 86400, "seconds");
        var issuerCa = new Option<string[]>("--issuer-ca")
        {
            Description = "PEM file of CA certificates to trust when fetching external issuers' keys (repeatable)",
        };
        var issuerNetwork = new Option<string[]>("--allow-issuer-network")
        {
            Description = "CIDR network from which private issuers may be fetched, e.g. 10.0.0.0/8 (repeatable; " +
                "loopback, private and link-local addresses are refused otherwise)",
        };
        var perAddress = Integers.Required("--rate-limit-per-address",
            "Token requests per second from one client address, with bursts of twice that (0: no limit)", 200, 0, 1_000_000,
            "requests per second");
        var perIdentity = Integers.Required("--rate-limit-per-identity",
            "Token requests per second for one client ID, with bursts of twice that (0: no limit)", 50, 0, 1_000_000,
            "requests per second");
        var webhook = new WebhookFlags();
        var store = new Option<string>("--store")
        {
            Description = $"Where the directory lives: sqlite (in the data folder) or postgres (default: ${StoreKinds.StoreVariable} or sqlite)",
        };
        store.AcceptOnlyFromAmong(StoreKinds.Sqlite, StoreKinds.Postgres);
        var connection = new Option<string?>("--connection")
        {
            Description = $"PostgreSQL connection string for --store postgres (default: ${StoreKinds.ConnectionVariable}; " +
                "prefer the variable, since command lines are visible to other users)",
        };
        var keyEncryptionKey = new Option<string?>("--key-encryption-key-file")
        {
            Description = "File holding the 32-byte key that encrypts private signing keys in the store (default: " +
                "$TESSERA_KEY_ENCRYPTION_KEY, or for the embedded store a key kept in the data folder)",
        };
        var algorithm = new Option<string>("--access-token-algorithm")
        {
            Description = "Algorithm of new STS signing keys: RS256 (as Entra signs) or ES256",
            DefaultValueFactory = _ => "RS256",
        };
        algorithm.AcceptOnlyFromAmong("RS256", "ES256");
        var rotationDays = Integers.Required("--key-rotation-days", "Replace each signing key after it has signed this many days",
            30, 1, 3650, "days");
        var logLevel = new Option<string>("--log-level")
        {
            Description = "Least important log lines written: information (one per exchange), warning, error or debug",
            DefaultValueFactory = _ => "information",
        };
        logLevel.AcceptOnlyFromAmong("debug", "information", "warning", "error");
        var logFormat = new Option<string>("--log-format") { Description = "text or json", DefaultValueFactory = _ => "text" };
        logFormat.AcceptOnlyFromAmong("text", "json");

        var serve = new Command("serve", "Run the Tessera server: hosted issuers, the STS and the admin API, over HTTPS.")
        {
            host, port, publicUrl, certificate, certificateKey, maxLifetime, issuerCa, issuerNetwork, perAddress, perIdentity, store, connection, keyEncryptionKey, algorithm,
            rotationDays, logLevel, logFormat,
        };
        webhook.All.ToList().ForEach(serve.Options.Add);
        serve.SetAction(async (result, ct) =>
        {
            var options = new ServerOptions
            {
                DataDirectory = result.GetValue(CommonOptions.Data) ?? Environment.GetEnvironmentVariable("TESSERA_DATA") ?? DataFolder.DefaultPath,
                Store = result.GetValue(store) ?? Environment.GetEnvironmentVariable(StoreKinds.StoreVariable) ?? StoreKinds.Sqlite,
                StoreConnection = result.GetValue(connection) ?? Environment.GetEnvironmentVariable(StoreKinds.ConnectionVariable),
                Host = result.GetValue(host)!,
                Port = result.GetValue(port),
                PublicUrl = result.GetValue(publicUrl),
                CertificatePath = result.GetValue(certificate)?.FullName,
                CertificateKeyPath = result.GetValue(certificateKey)?.FullName,
                MaxWorkloadTokenLifetime = TimeSpan.FromSeconds(result.GetValue(maxLifetime)),
                IssuerCaFiles = result.GetValue(issuerCa) ?? [],
                AllowedIssuerNetworks = result.GetValue(issuerNetwork) ?? [],
                KeyEncryptionKeyFile = result.GetValue(keyEncryptionKey),
                KeyRotation = new KeyRotationOptions
                {
                    StsAlgorithm = result.GetValue(algorithm)!,
                    Interval = TimeSpan.FromDays(result.GetValue(rotationDays)),
                },
                RateLimits = new RateLimits
                {
                    PerAddressPerSecond = result.GetValue(perAddress),
                    PerAddressBurst = 2 * result.GetValue(perAddress),
                    PerIdentityPerSecond = result.GetValue(perIdentity),
                    PerIdentityBurst = 2 * result.GetValue(perIdentity),
                },
                LogLevel = result.GetValue(logLevel)!,
                LogFormat = result.GetValue(logFormat)!,
                Webhook = webhook.Read(result),
            };
            var problems = options.Validate();
            if (problems.Count > 0)
            {
                problems.ToList().ForEach(p => Console.Error.WriteLine($"error: {p}"));
                return 2;
            }

            await using var server = await TesseraServer.StartAsync(options, cancellationToken: ct);
            PrintBanner(server);
            await server.WaitForShutdownAsync(ct);
            return 0;
        });
        return serve;
    }

    private static void PrintBanner(TesseraServer server)
    {
        var tenant = server.DefaultTenant;
        Console.WriteLine($"Tessera {ServerVersion.Current} is serving on {server.BaseUrl}");
        Console.WriteLine($"  Token endpoint:   {server.BaseUrl}/{tenant.Id}/oauth2/v2.0/token");
        Console.WriteLine($"  Tenant:           {tenant.Id} ({tenant.Name})");
        Console.WriteLine($"  Hosted issuers:   {server.BaseUrl}/issuers/NAME");
        Console.WriteLine($"  Admin API:        {server.BaseUrl}/admin (OpenAPI: {server.BaseUrl}/openapi/v1.json)");
        Console.WriteLine($"  Admin console:    {server.BaseUrl}/console");
        Console.WriteLine($"  Metrics, probes:  {server.BaseUrl}/metrics, /healthz, /readyz");
        Console.WriteLine($"  Data folder:      {server.Folder.Root}");
        Console.WriteLine($"  CA certificate:   {server.CaCertificatePath ?? "(operator-supplied certificate)"}");
        if (server.Services.GetService(typeof(WebhookOptions)) is WebhookOptions { Kubernetes: { } cluster })
        {
            Console.WriteLine($"  Pod webhook:      {server.BaseUrl}/mutate-v1-pod (service accounts from {cluster})");
        }

        Console.WriteLine("Press Ctrl+C to stop.");
    }
}
