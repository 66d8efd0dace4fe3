using Azure.Core.Pipeline;
using Azure.Identity;
using Tessera.Client.Contracts;
using Tessera.Client.Tls;
using Tessera.Testing;

namespace Tessera.Compatibility.Tests;

/// <summary>A Tessera server with a hosted issuer, a protected resource and a workload identity trusting it.</summary>
public sealed class CompatibilityFixture : IAsyncLifetime
{
    public const string Resource = "api://inventory";
    public const string ServiceAccount = "shop/inventory";

    public TesseraTestServer Server { get; private set; } = null!;

    public IssuerResource Issuer { get; private set; } = null!;

    public IdentityResource Identity { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await TesseraTestServer.StartAsync();
        Issuer = await Server.Admin.CreateIssuerAsync(new CreateIssuerRequest("cluster"), default);
        await Server.CreateResourceAsync(Resource);
        Identity = await Server.CreateIdentityAsync(Issuer.Url, "system:serviceaccount:shop:inventory");
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>
    /// The real SDK credential, configured as a pod's environment would configure it. Instance discovery is turned
    /// off (its offline retries cost seconds); the process-level tests run the SDK from the environment alone.
    /// </summary>
    public WorkloadIdentityCredential Credential(string tokenFile) => new(new WorkloadIdentityCredentialOptions
    {
        TenantId = Server.TenantId.ToString(),
        ClientId = Identity.ClientId.ToString(),
        TokenFilePath = tokenFile,
        AuthorityHost = new Uri(Server.BaseUrl),
        DisableInstanceDiscovery = true,
        Transport = new HttpClientTransport(new HttpClient(ExtraRootTrust.FromPemFile(Server.Server.CaCertificatePath!).CreateHandler())),
    });

    public async Task<string> WriteTokenFileAsync(string directory)
    {
        var path = Path.Combine(directory, "azure-identity-token");
        await File.WriteAllTextAsync(path, (await Server.MintAsync(Issuer.Name, ServiceAccount)).Token);
        return path;
    }
}
