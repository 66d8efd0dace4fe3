using Tessera.Client.Contracts;
using Tessera.Testing;

namespace Tessera.Sts.Tests;

/// <summary>
/// One Tessera server and one external test issuer over HTTPS, shared by the tests of a class. Each test creates
/// its own identities, so tests do not see each other's directory changes.
/// </summary>
public sealed class StsFixture : IAsyncLifetime
{
    public const string Resource = "api://orders";
    public const string ResourceV2 = "api://orders-v2";

    private TestCertificateAuthority? _ca;

    /// <summary>The CA the server trusts for issuers; test issuers started with it are reachable.</summary>
    public TestCertificateAuthority Ca => _ca!;

    public TestIssuer Issuer { get; private set; } = null!;

    public TesseraTestServer Server { get; private set; } = null!;

    public IdentityResource OrdersApi { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _ca = new TestCertificateAuthority();
        Issuer = await TestIssuer.StartAsync(_ca);
        Server = await TesseraTestServer.StartAsync(issuerCaFiles: [_ca.PemPath]);
        OrdersApi = await Server.CreateResourceAsync(Resource);
        await Server.CreateResourceAsync(ResourceV2, version: 2);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Issuer.DisposeAsync();
        _ca?.Dispose();
    }
}
