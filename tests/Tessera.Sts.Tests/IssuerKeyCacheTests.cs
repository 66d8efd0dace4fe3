using System.Security.Cryptography;
using System.Text.Json;
using Tessera.Testing;

namespace Tessera.Sts.Tests;

/// <summary>
/// How the STS keeps issuers' keys: one fetch serves many exchanges, a new kid is fetched once, a flood of unknown
/// kids costs at most one fetch, and an unreachable issuer's earlier keys keep working. Runs on a fake clock.
/// </summary>
public sealed class IssuerKeyCacheTests : IAsyncLifetime
{
    private const string Subject = "system:serviceaccount:prod:orders";
    private readonly TestCertificateAuthority _ca = new();
    private TestIssuer _issuer = null!;
    private TesseraTestServer _server = null!;
    private Guid _clientId;

    private DateTimeOffset Now => _server.Time!.GetUtcNow();

    public async Task InitializeAsync()
    {
        _issuer = await TestIssuer.StartAsync(_ca);
        _server = await TesseraTestServer.StartAsync(fakeTime: true, issuerCaFiles: [_ca.PemPath]);
        await _server.CreateResourceAsync("api://orders");
        _clientId = (await _server.CreateIdentityAsync(_issuer.Url, Subject)).ClientId;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _issuer.DisposeAsync();
        _ca.Dispose();
    }

    private async Task<(int Status, string Body)> ExchangeAsync(string assertion)
    {
        var (status, body, _) = await _server.PostTokenAsync(TesseraTestServer.TokenForm(_clientId, assertion, "api://orders/.default"));
        return (status, body.GetRawText());
    }

    [Fact]
    public async Task Key_added_by_the_issuer_is_fetched_once_when_a_token_names_it()
    {
        Assert.Equal(200, (await ExchangeAsync(_issuer.Mint(Subject, now: Now))).Status);
        var newKey = RSA.Create(2048);
        _issuer.Keys.Add(newKey);
        _server.Time!.Advance(TimeSpan.FromSeconds(31));
        var fetchesBefore = _issuer.KeyRequests;

        var first = await ExchangeAsync(_issuer.Mint(Subject, now: Now, key: newKey));
        var second = await ExchangeAsync(_issuer.Mint(Subject, now: Now, key: newKey));

        Assert.Equal(200, first.Status);
        Assert.Equal(200, second.Status);
        Assert.Equal(fetchesBefore + 1, _issuer.KeyRequests);
    }

    [Fact]
    public async Task Flood_of_unknown_kids_costs_at_most_one_fetch()
    {
        Assert.Equal(200, (await ExchangeAsync(_issuer.Mint(Subject, now: Now))).Status);
        _server.Time!.Advance(TimeSpan.FromSeconds(31));
        var fetchesBefore = _issuer.KeyRequests;

        var responses = new List<(int Status, string Body)>();
        for (var i = 0; i < 10; i++)
        {
            responses.Add(await ExchangeAsync(_issuer.Mint(Subject, now: Now, header: h => h["kid"] = $"forged-{i}")));
        }

        Assert.All(responses, r => Assert.Contains("publishes no key with kid", r.Body, StringComparison.Ordinal));
        Assert.Equal(fetchesBefore + 1, _issuer.KeyRequests);
    }

    [Fact]
    public async Task Concurrent_tokens_naming_a_new_kid_share_one_fetch()
    {
        Assert.Equal(200, (await ExchangeAsync(_issuer.Mint(Subject, now: Now))).Status);
        var newKey = RSA.Create(2048);
        _issuer.Keys.Add(newKey);
        _server.Time!.Advance(TimeSpan.FromSeconds(31));
        var fetchesBefore = _issuer.KeyRequests;

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => ExchangeAsync(_issuer.Mint(Subject, now: Now, key: newKey))));

        Assert.All(results, r => Assert.Equal(200, r.Status));
        Assert.Equal(fetchesBefore + 1, _issuer.KeyRequests);
    }

    [Fact]
    public async Task Unknown_kid_is_not_refetched_within_the_throttle_interval()
    {
        Assert.Equal(200, (await ExchangeAsync(_issuer.Mint(Subject, now: Now))).Status);
        var fetchesBefore = _issuer.KeyRequests;

        var response = await ExchangeAsync(_issuer.Mint(Subject, now: Now, header: h => h["kid"] = "new-kid"));

        Assert.Equal(400, response.Status);
        Assert.Equal(fetchesBefore, _issuer.KeyRequests);
    }

    [Fact]
    public async Task Earlier_keys_keep_serving_while_the_issuer_is_unreachable()
    {
        Assert.Equal(200, (await ExchangeAsync(_issuer.Mint(Subject, now: Now))).Status);
        _issuer.FailWithStatus = 503;
        _server.Time!.Advance(TimeSpan.FromHours(2));

        var response = await ExchangeAsync(_issuer.Mint(Subject, now: Now));

        Assert.Equal(200, response.Status);
        Assert.True(_issuer.DiscoveryRequests >= 2);
    }

    [Fact]
    public async Task Token_signed_with_a_key_refused_by_policy_says_why()
    {
        using var weak = RSA.Create(1024);
        _issuer.Keys.Add(weak);

        var response = await ExchangeAsync(_issuer.Mint(Subject, now: Now, key: weak));

        Assert.Equal(400, response.Status);
        using var body = JsonDocument.Parse(response.Body);
        Assert.Contains("refused by key policy: its RSA modulus has 1024 bits",
            body.RootElement.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }
}
