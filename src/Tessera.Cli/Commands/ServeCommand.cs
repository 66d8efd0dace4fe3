using System.CommandLine;
using Tessera.Client.Files;
using Tessera.Server;
using Tessera.Server.Hosting;
using Tessera.Webhook;

namespace Tessera.Cli.Commands;

internal static class ServeCommand
{
    public static Command Create()
    {
        var host = new Option<string>("--host") { Description = "Address to listen on (0.0.0.0 for all)", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "HTTPS port (0 picks a free one)", DefaultValueFactory = _ => 8443 };
        var publicUrl = new Option<string?>("--public-url")
        {
            Description = "The https URL clients use, when it differs from host and port (issuer URLs derive from it)",
        };
        var certificate = new Option<FileInfo>("--certificate") { Description = "PEM certificate (and chain) to serve instead of the local CA's" };
        certificate.AcceptExistingOnly();
        var certificateKey = new Option<FileInfo>("--certificate-key") { Description = "PEM private key of --certificate" };
        certificateKey.AcceptExistingOnly();
        var maxLifetime = new Option<int>("--max-token-lifetime")
        {
            Description = "Longest workload token lifetime in seconds; longer requests are shortened",
            DefaultValueFactory = _ => 86400,
        };
        var webhook = new WebhookFlags();
        var logFormat = new Option<string>("--log-format") { Description = "text or json", DefaultValueFactory = _ => "text" };
        logFormat.AcceptOnlyFromAmong("text", "json");

        var serve = new Command("serve", "Run the Tessera server: hosted issuers, the STS and the admin API, over HTTPS.")
        {
            host, port, publicUrl, certificate, certificateKey, maxLifetime, logFormat,
        };
        webhook.All.ToList().ForEach(serve.Options.Add);
        serve.SetAction(async (result, ct) =>
        {
            var options = new ServerOptions
            {
                DataDirectory = result.GetValue(CommonOptions.Data) ?? Environment.GetEnvironmentVariable("TESSERA_DATA") ?? DataFolder.DefaultPath,
                Host = result.GetValue(host)!,
                Port = result.GetValue(port),
                PublicUrl = result.GetValue(publicUrl),
                CertificatePath = result.GetValue(certificate)?.FullName,
                CertificateKeyPath = result.GetValue(certificateKey)?.FullName,
                MaxWorkloadTokenLifetime = TimeSpan.FromSeconds(result.GetValue(maxLifetime)),
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
        Console.WriteLine($"  Data folder:      {server.Folder.Root}");
        Console.WriteLine($"  CA certificate:   {server.CaCertificatePath ?? "(operator-supplied certificate)"}");
        if (server.Services.GetService(typeof(WebhookOptions)) is WebhookOptions { Kubernetes: { } cluster })
        {
            Console.WriteLine($"  Pod webhook:      {server.BaseUrl}/mutate-v1-pod (service accounts from {cluster})");
        }

        Console.WriteLine("Press Ctrl+C to stop.");
    }
}
