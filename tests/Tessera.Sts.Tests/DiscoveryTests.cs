using System.Text.Json;
using Tessera.Testing;

namespace Tessera.Sts.Tests;

public sealed class DiscoveryTests(StsFixture fixture) : IClassFixture<StsFixture>
{
    private TesseraTestServer Server => fixture.Server;

    [Fact]
    public async Task V2_discovery_names_issuer_token_endpoint_and_keys_as_msal_needs()
    {
        var text = await Server.Http.GetStringAsync($"{Server.TenantId}/v2.0/.well-known/openid-configuration");
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        var tenantBase = $"{Server.BaseUrl}/{Server.TenantId}";

        Assert.Equal($"{tenantBase}/v2.0", root.GetProperty("issuer").GetString());
        Assert.Equal($"{tenantBase}/oauth2/v2.0/token", root.GetProperty("token_endpoint").GetString());
        Assert.Equal($"{tenantBase}/oauth2/v2.0/authorize", root.GetProperty("authorization_endpoint").GetString());
        Assert.Equal($"{tenantBase}/discovery/v2.0/keys", root.GetProperty("jwks_uri").GetString());
        Assert.Equal(["private_key_jwt"], root.GetProperty("token_endpoint_auth_methods_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["RS256"], root.GetProperty("id_token_signing_alg_values_supported").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task V1_discovery_names_the_v1_issuer()
    {
        using var document = JsonDocument.Parse(await Server.Http.GetStringAsync($"{Server.TenantId}/.well-known/openid-configuration"));

        Assert.Equal($"{Server.BaseUrl}/{Server.TenantId}/", document.RootElement.GetProperty("issuer").GetString());
        Assert.Equal($"{Server.BaseUrl}/{Server.TenantId}/oauth2/token", document.RootElement.GetProperty("token_endpoint").GetString());
    }

    [Fact]
    public async Task Discovery_by_tenant_name_names_the_tenant_id()
    {
        using var document = JsonDocument.Parse(await Server.Http.GetStringAsync("default/v2.0/.well-known/openid-configuration"));

        Assert.Equal($"{Server.BaseUrl}/{Server.TenantId}/v2.0", document.RootElement.GetProperty("issuer").GetString());
    }

    [Fact]
    public async Task Discovery_of_an_unknown_tenant_is_90002()
    {
        var response = await Server.Http.GetAsync("nobody/v2.0/.well-known/openid-configuration");

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("AADSTS90002", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Interactive_authorization_is_refused_clearly()
    {
        var response = await Server.Http.GetAsync($"{Server.TenantId}/oauth2/v2.0/authorize");

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("workloads only", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
