using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Client;
using Tessera.Client.Contracts;
using Tessera.Testing;

namespace Tessera.Sts.Tests;

/// <summary>
/// A private cluster's API server cannot be reached by the STS, so its administrator uploads the cluster's key
/// set instead. The issuer URLs here do not resolve at all: any attempt to fetch them would fail the exchange.
/// </summary>
public sealed class StaticKeySetTests(StsFixture fixture) : IClassFixture<StsFixture>, IDisposable
{
    private const string Subject = "system:serviceaccount:prod:orders";
    private const string Scope = StsFixture.Resource + "/.default";

    private readonly RSA _clusterKey = RSA.Create(2048);
    private readonly string _issuer = $"https://{Guid.NewGuid():N}.cluster.invalid";

    private TesseraAdminClient Admin => fixture.Server.Admin;

    public void Dispose() => _clusterKey.Dispose();

    [Fact]
    public async Task Exchange_succeeds_with_an_uploaded_key_set_and_never_fetches()
    {
        var identity = await fixture.Server.CreateIdentityAsync(_issuer, Subject);
        var before = await ExchangeAsync(identity.ClientId, Mint(_clusterKey));
        Assert.Equal(400, before.Status);
        Assert.StartsWith("AADSTS90061", before.Text, StringComparison.Ordinal);
        Assert.Contains($"tessera static-keys set --issuer '{_issuer}'", before.Text, StringComparison.Ordinal);

        var uploaded = await Admin.SetStaticKeySetAsync(new SetStaticKeySetRequest(_issuer, KeySet(_clusterKey)), default);
        Assert.Equal([TestIssuer.KeyId(_clusterKey)], uploaded.KeyIds);

        var after = await ExchangeAsync(identity.ClientId, Mint(_clusterKey));
        Assert.Equal(200, after.Status);
        Assert.Equal(identity.ClientId.ToString(), JwtFactory.Claims(after.Text).GetProperty("appid").GetString());
    }

    [Fact]
    public async Task Cluster_key_rotation_needs_a_new_upload_and_the_error_says_so()
    {
        using var newKey = RSA.Create(2048);
        var identity = await fixture.Server.CreateIdentityAsync(_issuer, Subject);
        await Admin.SetStaticKeySetAsync(new SetStaticKeySetRequest(_issuer, KeySet(_clusterKey)), default);

        var rotated = await ExchangeAsync(identity.ClientId, Mint(newKey));
        Assert.Equal(400, rotated.Status);
        Assert.StartsWith("AADSTS50027", rotated.Text, StringComparison.Ordinal);
        Assert.Contains($"no key with kid '{TestIssuer.KeyId(newKey)}'", rotated.Text, StringComparison.Ordinal);
        Assert.Contains("upload its current key set with 'tessera static-keys set'", rotated.Text, StringComparison.Ordinal);

        // The cluster publishes old and new keys during its rotation; so does the new upload.
        await Admin.SetStaticKeySetAsync(new SetStaticKeySetRequest(_issuer, KeySet(_clusterKey, newKey)), default);
        Assert.Equal(200, (await ExchangeAsync(identity.ClientId, Mint(newKey))).Status);
        Assert.Equal(200, (await ExchangeAsync(identity.ClientId, Mint(_clusterKey))).Status);

        var listed = Assert.Single(await Admin.ListStaticKeySetsAsync(default), s => s.Issuer == _issuer);
        Assert.Equal(new[] { TestIssuer.KeyId(_clusterKey), TestIssuer.KeyId(newKey) }.Order(StringComparer.Ordinal), listed.KeyIds);
    }

    [Fact]
    public async Task Deleting_the_upload_returns_the_issuer_to_fetching()
    {
        var issuer = fixture.Issuer;
        var identity = await fixture.Server.CreateIdentityAsync(issuer.Url, Subject);
        using var unrelated = RSA.Create(2048);
        await Admin.SetStaticKeySetAsync(new SetStaticKeySetRequest(issuer.Url, KeySet(unrelated)), default);

        // While the upload stands, the issuer's real published keys are not consulted.
        var refused = await ExchangeAsync(identity.ClientId, issuer.Mint(Subject));
        Assert.StartsWith("AADSTS50027", refused.Text, StringComparison.Ordinal);

        await Admin.DeleteStaticKeySetAsync(issuer.Url, default);
        Assert.Equal(200, (await ExchangeAsync(identity.ClientId, issuer.Mint(Subject))).Status);
        Assert.DoesNotContain(await Admin.ListStaticKeySetsAsync(default), s => s.Issuer == issuer.Url);

        var again = await Assert.ThrowsAsync<TesseraClientException>(() => Admin.DeleteStaticKeySetAsync(issuer.Url, default));
        Assert.Equal(404, again.Status);
    }

    public static TheoryData<string, string, string> BadUploads => new()
    {
        { "http://cluster.example", """{"keys":[]}""", "issuer 'http://cluster.example' is not allowed: use the issuer's https URL" },
        { "https://cluster.example?x=1", """{"keys":[]}""", "an issuer URL has no query, fragment or user information" },
        { "https://cluster.example", """[1,2]""", "give the issuer's JWKS document, a JSON object with a 'keys' array" },
        { "https://cluster.example", """{"keys":{}}""", "is not a JSON object with a 'keys' array" },
        { "https://cluster.example", """{"keys":[]}""", "jwks: the key set must hold at least one usable signing key, and its 'keys' array is empty." },
        { "https://cluster.example", """{"keys":[{"kty":"oct","kid":"a","k":"c2VjcmV0"}]}""", "jwks: The key set publishes private or secret key material" },
        { "https://cluster.example", """{"keys":[{"kty":"RSA","kid":"a","n":"AQAB","e":"AQAB"}]}""", "every key was refused: 'a':" },
    };

    [Theory]
    [MemberData(nameof(BadUploads))]
    public async Task Unusable_uploads_are_refused_with_the_reason_and_store_nothing(string issuer, string jwks, string reason)
    {
        var request = new SetStaticKeySetRequest(issuer, JsonDocument.Parse(jwks).RootElement.Clone());

        var refusal = await Assert.ThrowsAsync<TesseraClientException>(() => Admin.SetStaticKeySetAsync(request, default));

        Assert.Equal(400, refusal.Status);
        Assert.Contains(reason, refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(await Admin.ListStaticKeySetsAsync(default), s => s.Issuer == issuer);
    }

    [Fact]
    public async Task Tesseras_own_hosted_issuers_cannot_be_given_a_frozen_key_set()
    {
        var own = fixture.Server.BaseUrl.TrimEnd('/') + "/issuers/ci";

        var refusal = await Assert.ThrowsAsync<TesseraClientException>(() =>
            Admin.SetStaticKeySetAsync(new SetStaticKeySetRequest(own, KeySet(_clusterKey)), default));

        Assert.Equal(400, refusal.Status);
        Assert.Contains("it is served by this Tessera, which knows its keys", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_replacement_keeps_the_earlier_upload()
    {
        await Admin.SetStaticKeySetAsync(new SetStaticKeySetRequest(_issuer, KeySet(_clusterKey)), default);
        var broken = JsonDocument.Parse("""{"keys":[{"kty":"RSA","kid":"x","n":"AQAB","e":"AQAB"}]}""").RootElement.Clone();

        await Assert.ThrowsAsync<TesseraClientException>(() =>
            Admin.SetStaticKeySetAsync(new SetStaticKeySetRequest(_issuer, broken), default));

        var kept = Assert.Single(await Admin.ListStaticKeySetsAsync(default), s => s.Issuer == _issuer);
        Assert.Equal([TestIssuer.KeyId(_clusterKey)], kept.KeyIds);
    }

    private static JsonElement KeySet(params AsymmetricAlgorithm[] keys)
    {
        var array = new JsonArray();
        foreach (var key in keys)
        {
            array.Add(TestIssuer.PublicJwk(key));
        }

        return JsonDocument.Parse(new JsonObject { ["keys"] = array }.ToJsonString()).RootElement.Clone();
    }

    private string Mint(AsymmetricAlgorithm key)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return JwtFactory.Sign(
            new JsonObject { ["alg"] = "RS256", ["kid"] = TestIssuer.KeyId(key), ["typ"] = "JWT" },
            new JsonObject
            {
                ["iss"] = _issuer,
                ["sub"] = Subject,
                ["aud"] = new JsonArray("api://AzureADTokenExchange"),
                ["iat"] = now,
                ["nbf"] = now,
                ["exp"] = now + 3600,
            },
            key);
    }

    private async Task<(int Status, string Text)> ExchangeAsync(Guid clientId, string assertion)
    {
        var (status, body, _) = await fixture.Server.PostTokenAsync(TesseraTestServer.TokenForm(clientId, assertion, Scope));
        return (status, status == 200
            ? body.GetProperty("access_token").GetString()!
            : body.GetProperty("error_description").GetString()!);
    }
}
