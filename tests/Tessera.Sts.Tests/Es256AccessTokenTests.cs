using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Tessera.Testing;

namespace Tessera.Sts.Tests;

/// <summary>With ES256 chosen for the STS, access tokens are ES256 and verify against the published EC key.</summary>
public sealed class Es256AccessTokenTests : IAsyncLifetime
{
    private TesseraTestServer _server = null!;

    public async Task InitializeAsync() => _server = await TesseraTestServer.StartAsync(
        configure: options => options with { KeyRotation = new Tessera.Keys.KeyRotationOptions { StsAlgorithm = "ES256" } });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Access_token_is_es256_and_verifies_with_the_published_key()
    {
        var issuer = await _server.CreateIssuerAsync();
        await _server.CreateResourceAsync("api://orders");
        var identity = await _server.CreateIdentityAsync(issuer.Url, "system:serviceaccount:prod:orders");
        var workload = await _server.MintAsync(issuer.Name, "prod/orders");

        var (status, body, _) = await _server.PostTokenAsync(TesseraTestServer.TokenForm(identity.ClientId, workload.Token, "api://orders/.default"));
        var token = body.GetProperty("access_token").GetString()!;
        using var header = JsonDocument.Parse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.Split('.')[0])));
        var keys = new JsonWebKeySet(await _server.Http.GetStringAsync($"{_server.TenantId}/discovery/v2.0/keys"));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = $"{_server.BaseUrl}/{_server.TenantId}/",
            ValidAudience = "api://orders",
            IssuerSigningKeys = keys.GetSigningKeys(),
            ValidAlgorithms = ["ES256"],
        });

        Assert.Equal(200, status);
        Assert.Equal("ES256", header.RootElement.GetProperty("alg").GetString());
        Assert.Equal("EC", keys.Keys.Single().Kty);
        Assert.True(result.IsValid, result.Exception?.Message);
    }
}
