using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Tessera.Client;
using Tessera.Client.Contracts;
using Tessera.Testing;

namespace Tessera.Issuer.Tests;

/// <summary>Hosted issuers serve discovery and keys exactly as a Kubernetes API server does, and mint its tokens.</summary>
public sealed class HostedIssuerTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private TesseraTestServer Server => fixture.Server;

    private static JsonElement Decode(string token, int part)
    {
        using var document = JsonDocument.Parse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.Split('.')[part])));
        return document.RootElement.Clone();
    }

    [Fact]
    public async Task Discovery_document_has_exactly_the_kubernetes_members()
    {
        var issuer = await Server.CreateIssuerAsync();

        using var response = await Server.Http.GetAsync(issuer.DiscoveryUrl);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement;

        Assert.Equal($"{Server.BaseUrl}/issuers/{issuer.Name}", issuer.Url);
        Assert.Equal(
            ["id_token_signing_alg_values_supported", "issuer", "jwks_uri", "response_types_supported", "subject_types_supported"],
            root.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(issuer.Url, root.GetProperty("issuer").GetString());
        Assert.Equal(issuer.Url + "/openid/v1/jwks", root.GetProperty("jwks_uri").GetString());
        Assert.Equal("id_token", root.GetProperty("response_types_supported")[0].GetString());
        Assert.Equal("public", root.GetProperty("subject_types_supported")[0].GetString());
        Assert.Equal("RS256", root.GetProperty("id_token_signing_alg_values_supported")[0].GetString());
        Assert.Equal("public, max-age=3600", response.Headers.CacheControl!.ToString());
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Key_set_is_served_as_jwk_set_json_with_kubernetes_kids()
    {
        var issuer = await Server.CreateIssuerAsync();

        using var response = await Server.Http.GetAsync(issuer.JwksUrl);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var key = Assert.Single(document.RootElement.GetProperty("keys").EnumerateArray());
        using var rsa = RSA.Create(new RSAParameters
        {
            Modulus = Base64Url.DecodeFromChars(key.GetProperty("n").GetString()),
            Exponent = Base64Url.DecodeFromChars(key.GetProperty("e").GetString()),
        });

        Assert.Equal("application/jwk-set+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("public, max-age=3600", response.Headers.CacheControl!.ToString());
        Assert.Equal("sig", key.GetProperty("use").GetString());
        Assert.Equal("RSA", key.GetProperty("kty").GetString());
        Assert.Equal("RS256", key.GetProperty("alg").GetString());
        Assert.Equal(Base64Url.EncodeToString(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo())), key.GetProperty("kid").GetString());
        Assert.Equal(2048, rsa.KeySize);
    }

    [Fact]
    public async Task Each_issuer_has_its_own_key()
    {
        var first = await Server.CreateIssuerAsync();
        var second = await Server.CreateIssuerAsync();

        var firstKid = await KidAsync(first);
        var secondKid = await KidAsync(second);

        Assert.NotEqual(firstKid, secondKid);
    }

    [Fact]
    public async Task Workload_token_carries_the_service_account_claims_of_kubernetes()
    {
        var issuer = await Server.CreateIssuerAsync();

        var minted = await Server.MintAsync(issuer.Name, "prod/orders");
        var header = Decode(minted.Token, 0);
        var claims = Decode(minted.Token, 1);
        var iat = claims.GetProperty("iat").GetInt64();
        var kubernetes = claims.GetProperty("kubernetes.io");

        Assert.Equal("RS256", header.GetProperty("alg").GetString());
        Assert.Equal("JWT", header.GetProperty("typ").GetString());
        Assert.Equal(await KidAsync(issuer), header.GetProperty("kid").GetString());
        Assert.Equal(issuer.Url, claims.GetProperty("iss").GetString());
        Assert.Equal("system:serviceaccount:prod:orders", claims.GetProperty("sub").GetString());
        Assert.Equal(["api://AzureADTokenExchange"], claims.GetProperty("aud").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(iat, claims.GetProperty("nbf").GetInt64());
        Assert.Equal(iat + 3600, claims.GetProperty("exp").GetInt64());
        Assert.True(Guid.TryParse(claims.GetProperty("jti").GetString(), out _));
        Assert.Equal("prod", kubernetes.GetProperty("namespace").GetString());
        Assert.Equal("orders", kubernetes.GetProperty("serviceaccount").GetProperty("name").GetString());
        Assert.True(Guid.TryParse(kubernetes.GetProperty("serviceaccount").GetProperty("uid").GetString(), out _));
        Assert.False(kubernetes.TryGetProperty("pod", out _));
        Assert.Equal(minted.ExpiresAt.ToUnixTimeSeconds(), claims.GetProperty("exp").GetInt64());
    }

    [Fact]
    public async Task Pod_and_node_bindings_appear_when_requested()
    {
        var issuer = await Server.CreateIssuerAsync();

        var minted = await Server.Admin.MintWorkloadTokenAsync(issuer.Name, new MintWorkloadTokenRequest("prod/orders",
            Pod: new BoundObjectReference("orders-7d9f", "pod-uid"), Node: new BoundObjectReference("node-1", "node-uid")), default);
        var kubernetes = Decode(minted.Token, 1).GetProperty("kubernetes.io");

        Assert.Equal("orders-7d9f", kubernetes.GetProperty("pod").GetProperty("name").GetString());
        Assert.Equal("pod-uid", kubernetes.GetProperty("pod").GetProperty("uid").GetString());
        Assert.Equal("node-1", kubernetes.GetProperty("node").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Service_account_uid_is_stable_per_account()
    {
        var issuer = await Server.CreateIssuerAsync();

        var first = Uid((await Server.MintAsync(issuer.Name, "prod/orders")).Token);
        var again = Uid((await Server.MintAsync(issuer.Name, "prod/orders")).Token);
        var other = Uid((await Server.MintAsync(issuer.Name, "prod/billing")).Token);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public async Task Audiences_and_lifetime_are_as_requested()
    {
        var issuer = await Server.CreateIssuerAsync();

        var minted = await Server.MintAsync(issuer.Name, "prod/orders", lifetime: 600, audiences: ["a", "b"]);
        var claims = Decode(minted.Token, 1);

        Assert.Equal(["a", "b"], claims.GetProperty("aud").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(600, claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64());
    }

    [Fact]
    public async Task Lifetime_over_the_server_maximum_is_shortened_to_it()
    {
        var issuer = await Server.CreateIssuerAsync();

        var claims = Decode((await Server.MintAsync(issuer.Name, "prod/orders", lifetime: 86400)).Token, 1);

        Assert.Equal(7200, claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64());
    }

    [Theory]
    [InlineData("prod/orders", 599, null, "minimum is 600 seconds")]
    [InlineData("orders", null, null, "NAMESPACE/NAME")]
    [InlineData("Prod/orders", null, null, "namespace 'Prod'")]
    [InlineData("prod/orders", null, "", "1-600 characters")]
    public async Task Bad_mint_request_is_refused_with_the_reason(
        string account, int? lifetime, string? audience, string reason)
    {
        var issuer = await Server.CreateIssuerAsync();

        var refusal = await Assert.ThrowsAsync<TesseraClientException>(() =>
            Server.MintAsync(issuer.Name, account, lifetime, audience is null ? null : [audience]));

        Assert.Equal(400, refusal.Status);
        Assert.Contains(reason, refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eleven_audiences_are_refused()
    {
        var issuer = await Server.CreateIssuerAsync();

        var refusal = await Assert.ThrowsAsync<TesseraClientException>(() =>
            Server.MintAsync(issuer.Name, "prod/orders", audiences: [.. Enumerable.Range(0, 11).Select(i => $"a{i}")]));

        Assert.Contains("1-10 audiences", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Minting_without_the_admin_token_is_401()
    {
        var issuer = await Server.CreateIssuerAsync();

        using var anonymous = await Server.Http.PostAsJsonAsync($"issuers/{issuer.Name}/token", new { serviceAccount = "prod/orders" });
        using var wrong = new HttpRequestMessage(HttpMethod.Post, $"issuers/{issuer.Name}/token")
        {
            Content = JsonContent.Create(new { serviceAccount = "prod/orders" }),
        };
        wrong.Headers.Authorization = new("Bearer", "tsa_not-the-token");
        using var wrongResponse = await Server.Http.SendAsync(wrong);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongResponse.StatusCode);
    }

    [Fact]
    public async Task Unknown_issuer_is_404_everywhere()
    {
        var discovery = await Server.Http.GetAsync("issuers/nope/.well-known/openid-configuration");
        var keys = await Server.Http.GetAsync("issuers/nope/openid/v1/jwks");
        var mint = await Assert.ThrowsAsync<TesseraClientException>(() => Server.MintAsync("nope", "prod/orders"));

        Assert.Equal(HttpStatusCode.NotFound, discovery.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, keys.StatusCode);
        Assert.Equal(404, mint.Status);
    }

    [Fact]
    public async Task Workload_token_is_accepted_by_the_sts_through_the_issuers_own_discovery()
    {
        var issuer = await Server.CreateIssuerAsync();
        await Server.CreateResourceAsync("api://" + issuer.Name);
        var identity = await Server.CreateIdentityAsync(issuer.Url, "system:serviceaccount:prod:orders");

        var minted = await Server.MintAsync(issuer.Name, "prod/orders");
        var (status, body, _) = await Server.PostTokenAsync(
            TesseraTestServer.TokenForm(identity.ClientId, minted.Token, $"api://{issuer.Name}/.default"));

        Assert.True(status == 200, body.GetRawText());
    }

    private async Task<string> KidAsync(IssuerResource issuer)
    {
        using var document = JsonDocument.Parse(await Server.Http.GetStringAsync(issuer.JwksUrl));
        return document.RootElement.GetProperty("keys")[0].GetProperty("kid").GetString()!;
    }

    private static string Uid(string token) =>
        Decode(token, 1).GetProperty("kubernetes.io").GetProperty("serviceaccount").GetProperty("uid").GetString()!;
}
