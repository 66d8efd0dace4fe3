using System.Net;
using System.Text.Json;
using Tessera.Sts.Federation;
using Tessera.Testing;

namespace Tessera.Sts.Tests;

/// <summary>
/// Fetching issuers' metadata cannot be turned against Tessera's own network: private addresses are refused at
/// connect time unless allowed, redirects are not followed, and slow or oversized answers are cut off.
/// </summary>
public sealed class IssuerFetchSafetyTests : IAsyncLifetime
{
    private const string Subject = "system:serviceaccount:prod:orders";
    private readonly TestCertificateAuthority _ca = new();
    private TestIssuer _issuer = null!;
    private TesseraTestServer _guarded = null!;

    public async Task InitializeAsync()
    {
        _issuer = await TestIssuer.StartAsync(_ca);
        _guarded = await TesseraTestServer.StartAsync(issuerCaFiles: [_ca.PemPath], allowedIssuerNetworks: []);
        await _guarded.CreateResourceAsync("api://orders");
    }

    public async Task DisposeAsync()
    {
        await _guarded.DisposeAsync();
        await _issuer.DisposeAsync();
        _ca.Dispose();
    }

    private async Task<(int Status, string Description)> ExchangeAsync(TesseraTestServer server, TestIssuer issuer)
    {
        var identity = await server.CreateIdentityAsync(issuer.Url, Subject);
        var (status, body, _) = await server.PostTokenAsync(
            TesseraTestServer.TokenForm(identity.ClientId, issuer.Mint(Subject), "api://orders/.default"));
        return (status, body.TryGetProperty("error_description", out var d) ? d.GetString()! : body.GetRawText());
    }

    [Fact]
    public async Task Issuer_on_loopback_is_refused_at_connect_time_unless_allowed()
    {
        var requestsBefore = _issuer.DiscoveryRequests;

        var (status, description) = await ExchangeAsync(_guarded, _issuer);

        Assert.Equal(400, status);
        Assert.StartsWith("AADSTS90061", description, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1 is a loopback address", description, StringComparison.Ordinal);
        Assert.Contains("--allow-issuer-network", description, StringComparison.Ordinal);
        Assert.Equal(requestsBefore, _issuer.DiscoveryRequests);
    }

    [Fact]
    public async Task Hosted_issuers_of_the_server_itself_are_always_reachable()
    {
        var issuer = await _guarded.CreateIssuerAsync();
        var identity = await _guarded.CreateIdentityAsync(issuer.Url, "system:serviceaccount:prod:orders");
        var token = (await _guarded.MintAsync(issuer.Name, "prod/orders")).Token;

        var (status, body, _) = await _guarded.PostTokenAsync(TesseraTestServer.TokenForm(identity.ClientId, token, "api://orders/.default"));

        Assert.True(status == 200, body.GetRawText());
    }

    [Theory]
    [InlineData("127.0.0.1", "a loopback address")]
    [InlineData("10.1.2.3", "a private address")]
    [InlineData("172.20.0.1", "a private address")]
    [InlineData("192.168.1.1", "a private address")]
    [InlineData("100.64.0.1", "a carrier-grade NAT address")]
    [InlineData("169.254.169.254", "a link-local address (where cloud metadata services live)")]
    [InlineData("168.63.129.16", "a cloud platform address")]
    [InlineData("0.0.0.0", "an unspecified address")]
    [InlineData("224.0.0.1", "a multicast address")]
    [InlineData("::1", "a loopback address")]
    [InlineData("fd00:ec2::254", "a private (unique local) address")]
    [InlineData("fe80::1", "a link-local address")]
    [InlineData("::ffff:127.0.0.1", "a loopback address")]
    [InlineData("::ffff:169.254.169.254", "a link-local address (where cloud metadata services live)")]
    [InlineData("64:ff9b::a9fe:a9fe", "a link-local address (where cloud metadata services live)")]
    public void Special_addresses_are_classified(string address, string kind)
    {
        Assert.Equal(kind, IssuerAddressPolicy.Classify(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("20.190.160.1")]
    [InlineData("140.82.112.3")]
    [InlineData("2606:4700::6810:84e5")]
    public void Public_addresses_are_allowed(string address)
    {
        Assert.Null(IssuerAddressPolicy.Classify(IPAddress.Parse(address)));
    }

    [Fact]
    public void Allowed_network_admits_its_private_addresses_only()
    {
        var policy = new IssuerAddressPolicy([IPNetwork.Parse("10.20.0.0/16")], new Tessera.Domain.Hosting.ServerOrigin());

        Assert.Null(policy.Refusal("cluster.internal", 443, IPAddress.Parse("10.20.3.4")));
        Assert.NotNull(policy.Refusal("cluster.internal", 443, IPAddress.Parse("10.21.3.4")));
    }

    [Fact]
    public async Task Redirects_are_not_followed()
    {
        await using var open = await TesseraTestServer.StartAsync(issuerCaFiles: [_ca.PemPath]);
        await open.CreateResourceAsync("api://orders");
        _issuer.FailWithStatus = 302;
        try
        {
            var (status, description) = await ExchangeAsync(open, _issuer);

            Assert.Equal(400, status);
            Assert.Contains("returned HTTP 302 (redirects are not followed)", description, StringComparison.Ordinal);
        }
        finally
        {
            _issuer.FailWithStatus = null;
        }
    }

    [Fact]
    public async Task Key_set_url_that_is_not_https_is_refused()
    {
        await using var open = await TesseraTestServer.StartAsync(issuerCaFiles: [_ca.PemPath]);
        await open.CreateResourceAsync("api://orders");
        await using var plain = await TestIssuer.StartAsync(_ca, "/plain");
        plain.DiscoveryOverride = JsonSerializer.Serialize(new { issuer = plain.Url, jwks_uri = "http://127.0.0.1:1/keys" });

        var (status, description) = await ExchangeAsync(open, plain);

        Assert.Equal(400, status);
        Assert.StartsWith("AADSTS501661", description, StringComparison.Ordinal);
        Assert.Contains("'http://127.0.0.1:1/keys' is not an https URL", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Oversized_key_set_is_refused()
    {
        await using var open = await TesseraTestServer.StartAsync(issuerCaFiles: [_ca.PemPath]);
        await open.CreateResourceAsync("api://orders");
        await using var bloated = await TestIssuer.StartAsync(_ca, "/bloated");
        bloated.KeySetOverride = JsonSerializer.Serialize(new { keys = Array.Empty<object>(), padding = new string('x', 600 * 1024) });

        var (status, description) = await ExchangeAsync(open, bloated);

        Assert.Equal(400, status);
        Assert.Contains("larger than 512 KB", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Key_set_with_more_than_100_keys_is_refused()
    {
        await using var open = await TesseraTestServer.StartAsync(issuerCaFiles: [_ca.PemPath]);
        await open.CreateResourceAsync("api://orders");
        await using var crowded = await TestIssuer.StartAsync(_ca, "/crowded");
        var key = TestIssuer.PublicJwk(crowded.Keys[0]);
        crowded.KeySetOverride = JsonSerializer.Serialize(new
        {
            keys = Enumerable.Range(0, 101).Select(i => new Dictionary<string, string>
            {
                ["kty"] = "RSA", ["kid"] = $"k{i}", ["n"] = key["n"]!.GetValue<string>(), ["e"] = "AQAB",
            }),
        });

        var (status, description) = await ExchangeAsync(open, crowded);

        Assert.Equal(400, status);
        Assert.StartsWith("AADSTS501661", description, StringComparison.Ordinal);
        Assert.Contains("101 keys; at most 100", description, StringComparison.Ordinal);
    }
}
