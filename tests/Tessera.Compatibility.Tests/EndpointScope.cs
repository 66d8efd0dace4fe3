using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Tessera.Agent.ManagedIdentity;
using Tessera.Client;
using Tessera.Client.Contracts;

namespace Tessera.Compatibility.Tests;

/// <summary>
/// A managed identity endpoint in the test process, for the fixture's identity (the default) and a second one,
/// exchanging a fresh workload token file at the fixture's Tessera server.
/// </summary>
public sealed class EndpointScope : IAsyncDisposable
{
    private readonly HttpClient _tessera;
    private readonly DirectoryInfo _folder;

    private EndpointScope(
        ManagedIdentityEndpoint endpoint, IdentityHeaderSecret secret, IdentityResource second, HttpClient tessera,
        DirectoryInfo folder)
    {
        Endpoint = endpoint;
        Secret = secret;
        Second = second;
        _tessera = tessera;
        _folder = folder;
    }

    public ManagedIdentityEndpoint Endpoint { get; }

    public IdentityHeaderSecret Secret { get; }

    /// <summary>A second identity trusting the same service account, served when a request names it.</summary>
    public IdentityResource Second { get; }

    /// <summary>What <c>tessera run --managed-identity</c> gives a program, and Node's trust of Tessera's CA.</summary>
    public Dictionary<string, string> Environment(CompatibilityFixture fixture) => new()
    {
        ["IDENTITY_ENDPOINT"] = Endpoint.Url.ToString(),
        ["IDENTITY_HEADER"] = Secret.Value,
        ["NODE_EXTRA_CA_CERTS"] = fixture.Server.Server.CaCertificatePath!,
    };

    public static async Task<EndpointScope> StartAsync(CompatibilityFixture fixture, bool openImds = false)
    {
        var folder = Directory.CreateTempSubdirectory("tessera-endpoint-");
        var tokenFile = await fixture.WriteTokenFileAsync(folder.FullName);
        var second = await fixture.Server.CreateIdentityAsync(
            fixture.Issuer.Url, "system:serviceaccount:" + CompatibilityFixture.ServiceAccount.Replace('/', ':'));
        var connection = new ServerConnection(
            new Uri(fixture.Server.BaseUrl), null, fixture.Server.Server.CaCertificatePath);
        var tessera = connection.CreateHttpClient();
        var exchanger = new FederatedExchanger(
            new TokenEndpointClient(tessera), tokenFile, TimeProvider.System, NullLogger<FederatedExchanger>.Instance);
        var secret = IdentityHeaderSecret.New();
        ServedIdentity[] identities =
        [
            new(fixture.Identity.ClientId, fixture.Identity.TenantId, fixture.Identity.PrincipalId,
                fixture.Identity.ResourceId),
            new(second.ClientId, second.TenantId, second.PrincipalId, second.ResourceId),
        ];
        var settings = new EndpointSettings(new IPEndPoint(IPAddress.Loopback, 0), secret, identities)
        {
            OpenImds = openImds,
        };
        var endpoint = await ManagedIdentityEndpoint.StartAsync(settings, exchanger, NullLoggerFactory.Instance);
        return new EndpointScope(endpoint, secret, second, tessera, folder);
    }

    public async ValueTask DisposeAsync()
    {
        await Endpoint.DisposeAsync();
        _tessera.Dispose();
        _folder.Delete(recursive: true);
    }
}
