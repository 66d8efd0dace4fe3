using System.Net;
using Tessera.Testing;

namespace Tessera.Sts.Tests;

/// <summary>Beyond its limits the token endpoint answers 429 with Retry-After, per address and per identity.</summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private const string Subject = "system:serviceaccount:prod:orders";
    private readonly TestCertificateAuthority _ca = new();
    private TestIssuer _issuer = null!;

    public async Task InitializeAsync() => _issuer = await TestIssuer.StartAsync(_ca);

    public async Task DisposeAsync()
    {
        await _issuer.DisposeAsync();
        _ca.Dispose();
    }

    private async Task<List<HttpResponseMessage>> SendAsync(TesseraTestServer server, Guid clientId, int count)
    {
        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < count; i++)
        {
            responses.Add(await server.Http.PostAsync($"{server.TenantId}/oauth2/v2.0/token",
                new FormUrlEncodedContent(TesseraTestServer.TokenForm(clientId, _issuer.Mint(Subject), "api://orders/.default"))));
        }

        return responses;
    }

    [Fact]
    public async Task Requests_beyond_the_per_address_burst_get_429_with_retry_after()
    {
        await using var server = await TesseraTestServer.StartAsync(issuerCaFiles: [_ca.PemPath],
            rateLimits: new RateLimits { PerAddressPerSecond = 1, PerAddressBurst = 3, PerIdentityPerSecond = 0 });
        await server.CreateResourceAsync("api://orders");
        var identity = await server.CreateIdentityAsync(_issuer.Url, Subject);

        var responses = await SendAsync(server, identity.ClientId, 6);
        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();

        // The bucket refills one token a second, so a slow machine may see a fourth success; never more.
        Assert.InRange(responses.Count(r => r.StatusCode == HttpStatusCode.OK), 3, 4);
        Assert.True(refused.Count >= 2);
        Assert.All(refused, r => Assert.True(r.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1)));
        Assert.Contains("from this address", await refused[0].Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_identity_beyond_its_burst_gets_429_while_others_are_served()
    {
        await using var server = await TesseraTestServer.StartAsync(issuerCaFiles: [_ca.PemPath],
            rateLimits: new RateLimits { PerAddressPerSecond = 0, PerIdentityPerSecond = 1, PerIdentityBurst = 2 });
        await server.CreateResourceAsync("api://orders");
        var busy = await server.CreateIdentityAsync(_issuer.Url, Subject);
        var quiet = await server.CreateIdentityAsync(_issuer.Url, Subject);

        var busyResponses = await SendAsync(server, busy.ClientId, 4);
        var quietResponses = await SendAsync(server, quiet.ClientId, 1);

        Assert.Equal(2, busyResponses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.TooManyRequests, busyResponses[^1].StatusCode);
        Assert.Contains("for this client ID", await busyResponses[^1].Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, quietResponses[0].StatusCode);
    }
}
