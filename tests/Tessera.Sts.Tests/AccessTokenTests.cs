using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Tessera.Client.Contracts;
using Tessera.Testing;

namespace Tessera.Sts.Tests;

/// <summary>Successful exchanges: the token response and the access token's header and claims, v1 and v2.</summary>
public sealed class AccessTokenTests(StsFixture fixture) : IClassFixture<StsFixture>
{
    private const string Subject = "system:serviceaccount:prod:orders";
    private TesseraTestServer Server => fixture.Server;

    private static JsonElement Decode(string token, int part)
    {
        using var document = JsonDocument.Parse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.Split('.')[part])));
        return document.RootElement.Clone();
    }

    private async Task<(IdentityResource Identity, JsonElement Response)> ExchangeAsync(
        string kind = "managed-identity", string scope = StsFixture.Resource + "/.default", int version = 2,
        Action<Dictionary<string, string>>? edit = null)
    {
        var identity = await Server.CreateIdentityAsync(fixture.Issuer.Url, Subject, kind);
        var form = TesseraTestServer.TokenForm(identity.ClientId, fixture.Issuer.Mint(Subject), scope);
        if (version == 1)
        {
            form.Remove("scope");
            form["resource"] = scope;
        }

        edit?.Invoke(form);
        var (status, body, _) = await Server.PostTokenAsync(form, version: version);
        Assert.True(status == 200, body.GetRawText());
        return (identity, body);
    }

    [Fact]
    public async Task Managed_identity_gets_a_day_long_v1_token_with_entras_claims()
    {
        var (identity, response) = await ExchangeAsync();
        var token = response.GetProperty("access_token").GetString()!;
        var header = Decode(token, 0);
        var claims = Decode(token, 1);
        var iat = claims.GetProperty("iat").GetInt64();

        Assert.Equal("Bearer", response.GetProperty("token_type").GetString());
        Assert.Equal(86399, response.GetProperty("expires_in").GetInt64());
        Assert.Equal(86399, response.GetProperty("ext_expires_in").GetInt64());
        Assert.Equal(43199, response.GetProperty("refresh_in").GetInt64());
        Assert.Equal("RS256", header.GetProperty("alg").GetString());
        Assert.Equal(header.GetProperty("kid").GetString(), header.GetProperty("x5t").GetString());
        Assert.Equal(StsFixture.Resource, claims.GetProperty("aud").GetString());
        Assert.Equal($"{Server.BaseUrl}/{Server.TenantId}/", claims.GetProperty("iss").GetString());
        Assert.Equal($"{Server.BaseUrl}/{Server.TenantId}/", claims.GetProperty("idp").GetString());
        Assert.Equal("1.0", claims.GetProperty("ver").GetString());
        Assert.Equal(identity.ClientId.ToString(), claims.GetProperty("appid").GetString());
        Assert.Equal("2", claims.GetProperty("appidacr").GetString());
        Assert.Equal(identity.PrincipalId.ToString(), claims.GetProperty("oid").GetString());
        Assert.Equal(identity.PrincipalId.ToString(), claims.GetProperty("sub").GetString());
        Assert.Equal(Server.TenantId.ToString(), claims.GetProperty("tid").GetString());
        Assert.Equal("app", claims.GetProperty("idtyp").GetString());
        Assert.Equal(identity.ResourceId, claims.GetProperty("xms_mirid").GetString());
        Assert.Equal(iat, claims.GetProperty("nbf").GetInt64());
        Assert.Equal(iat + 86399, claims.GetProperty("exp").GetInt64());
        Assert.InRange(claims.GetProperty("uti").GetString()!.Length, 20, 24);
        Assert.False(claims.TryGetProperty("azp", out _));
        Assert.False(claims.TryGetProperty("roles", out _));
    }

    [Fact]
    public async Task App_registration_gets_an_hour_long_token_without_refresh_hint_or_mirid()
    {
        var (_, response) = await ExchangeAsync(kind: "app-registration");
        var claims = Decode(response.GetProperty("access_token").GetString()!, 1);

        Assert.Equal(3599, response.GetProperty("expires_in").GetInt64());
        Assert.False(response.TryGetProperty("refresh_in", out _));
        Assert.False(claims.TryGetProperty("xms_mirid", out _));
        Assert.Equal(claims.GetProperty("iat").GetInt64() + 3599, claims.GetProperty("exp").GetInt64());
    }

    [Fact]
    public async Task Resource_asking_for_v2_gets_v2_claims()
    {
        var (identity, response) = await ExchangeAsync(scope: StsFixture.ResourceV2 + "/.default");
        var claims = Decode(response.GetProperty("access_token").GetString()!, 1);

        Assert.Equal($"{Server.BaseUrl}/{Server.TenantId}/v2.0", claims.GetProperty("iss").GetString());
        Assert.Equal("2.0", claims.GetProperty("ver").GetString());
        Assert.Equal(identity.ClientId.ToString(), claims.GetProperty("azp").GetString());
        Assert.Equal("2", claims.GetProperty("azpacr").GetString());
        Assert.False(claims.TryGetProperty("appid", out _));
    }

    [Fact]
    public async Task Resource_named_by_client_id_gets_that_as_audience()
    {
        var scope = fixture.OrdersApi.ClientId + "/.default";

        var (_, response) = await ExchangeAsync(scope: scope);

        Assert.Equal(fixture.OrdersApi.ClientId.ToString(), Decode(response.GetProperty("access_token").GetString()!, 1).GetProperty("aud").GetString());
    }

    [Fact]
    public async Task V1_endpoint_takes_resource_and_reports_expires_on_as_a_string()
    {
        var (_, response) = await ExchangeAsync(scope: StsFixture.Resource, version: 1);
        var claims = Decode(response.GetProperty("access_token").GetString()!, 1);

        Assert.Equal(StsFixture.Resource, response.GetProperty("resource").GetString());
        Assert.Equal(JsonValueKind.Number, response.GetProperty("expires_in").ValueKind);
        Assert.Equal(claims.GetProperty("exp").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
            response.GetProperty("expires_on").GetString());
    }

    [Fact]
    public async Task Fields_sdks_add_for_telemetry_are_ignored()
    {
        var (_, response) = await ExchangeAsync(edit: form =>
        {
            form["client_info"] = "2";
            form["claims"] = "{\"access_token\":{\"xms_cc\":{\"values\":[\"CP1\"]}}}";
            form["x-client-SKU"] = "MSAL.NetCore";
            form["x-client-Ver"] = "4.83.1.0";
            form["x-client-OS"] = "Linux";
            form["x-app-name"] = "orders";
        });

        Assert.NotNull(response.GetProperty("access_token").GetString());
    }

    [Fact]
    public async Task Access_token_is_signed_by_a_key_the_sts_publishes()
    {
        var (_, response) = await ExchangeAsync();
        var kid = Decode(response.GetProperty("access_token").GetString()!, 0).GetProperty("kid").GetString();

        using var keys = JsonDocument.Parse(await Server.Http.GetStringAsync($"{Server.TenantId}/discovery/v2.0/keys"));
        var published = keys.RootElement.GetProperty("keys").EnumerateArray().Single(k => k.GetProperty("kid").GetString() == kid);

        Assert.Equal("RSA", published.GetProperty("kty").GetString());
        Assert.Equal("sig", published.GetProperty("use").GetString());
        Assert.Equal(kid, published.GetProperty("x5t").GetString());
        Assert.False(published.TryGetProperty("d", out _));
    }

    [Fact]
    public async Task Repeated_exchanges_fetch_the_issuers_keys_once()
    {
        var before = fixture.Issuer.KeyRequests;

        await ExchangeAsync();
        await ExchangeAsync();
        await ExchangeAsync();

        Assert.InRange(fixture.Issuer.KeyRequests - before, 0, 1);
    }
}
