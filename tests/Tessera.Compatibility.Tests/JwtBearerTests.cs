using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tessera.Client.Tls;
using Tessera.Testing;

namespace Tessera.Compatibility.Tests;

/// <summary>
/// A resource protected by ASP.NET's standard JWT bearer handler, configured only with Tessera's authority and the
/// audience, accepts Tessera's access tokens and nothing else.
/// </summary>
public sealed class JwtBearerTests(CompatibilityFixture fixture) : IClassFixture<CompatibilityFixture>, IAsyncLifetime
{
    private WebApplication? _api;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.Authority = $"{fixture.Server.BaseUrl}/{fixture.Server.TenantId}/";
            options.Audience = CompatibilityFixture.Resource;
            options.BackchannelHttpHandler = ExtraRootTrust.FromPemFile(fixture.Server.Server.CaCertificatePath!).CreateHandler();
            options.MapInboundClaims = false;
        });
        builder.Services.AddAuthorization();
        _api = builder.Build();
        _api.UseAuthentication();
        _api.UseAuthorization();
        _api.MapGet("/whoami", (ClaimsPrincipal user) => user.FindFirstValue("oid")).RequireAuthorization();
        await _api.StartAsync();
        var address = _api.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _client = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _api!.DisposeAsync();
    }

    private async Task<string> AccessTokenAsync(string resource = CompatibilityFixture.Resource)
    {
        var workload = await fixture.Server.MintAsync(fixture.Issuer.Name, CompatibilityFixture.ServiceAccount);
        var (status, body, _) = await fixture.Server.PostTokenAsync(
            TesseraTestServer.TokenForm(fixture.Identity.ClientId, workload.Token, resource + "/.default"));
        Assert.True(status == 200, body.GetRawText());
        return body.GetProperty("access_token").GetString()!;
    }

    private async Task<HttpResponseMessage> CallAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/whoami");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await _client.SendAsync(request);
    }

    [Fact]
    public async Task Access_token_is_accepted_and_names_the_identity()
    {
        using var response = await CallAsync(await AccessTokenAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(fixture.Identity.PrincipalId.ToString(), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Tampered_access_token_is_rejected()
    {
        var token = await AccessTokenAsync();
        var parts = token.Split('.');
        var claims = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]));
        var forged = claims.Replace(fixture.Identity.PrincipalId.ToString(), Guid.NewGuid().ToString(), StringComparison.Ordinal);
        var tampered = $"{parts[0]}.{System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(forged))}.{parts[2]}";

        using var response = await CallAsync(tampered);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_for_another_resource_is_rejected()
    {
        var elsewhere = await fixture.Server.CreateResourceAsync("api://elsewhere-" + Guid.NewGuid().ToString("N")[..6]);

        using var response = await CallAsync(await AccessTokenAsync(elsewhere.IdentifierUri!));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
