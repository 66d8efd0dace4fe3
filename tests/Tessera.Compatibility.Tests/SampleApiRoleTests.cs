using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Tessera.Agent;
using Tessera.Client.Contracts;
using Tessera.Testing;

namespace Tessera.Compatibility.Tests;

/// <summary>
/// The demo's sample API, run as its own process and configured only through its environment, authorises by app
/// role: an identity holding Orders.Read is served, one without it is refused with 403.
/// </summary>
public sealed class SampleApiRoleTests : IAsyncLifetime
{
    private const string Resource = "api://sample-orders";
    private TesseraTestServer _server = null!;
    private Process _api = null!;
    private HttpClient _client = null!;
    private string _data = null!;

    public async Task InitializeAsync()
    {
        _server = await TesseraTestServer.StartAsync();
        await _server.Admin.CreateIdentityAsync(new CreateIdentityRequest("sample-orders", "app-registration",
            IdentifierUri: Resource, AppRoles: ["Orders.Read", "Orders.Write"]), default);
        _data = Directory.CreateTempSubdirectory("tessera-sample-api-").FullName;
        var port = TesseraTestServer.FreePort();
        _api = StartApi(port);
        _client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await WaitUntilReadyAsync();
    }

    public async Task DisposeAsync()
    {
        if (!_api.HasExited)
        {
            _api.Kill(entireProcessTree: true);
            await _api.WaitForExitAsync();
        }

        _api.Dispose();
        _client.Dispose();
        await _server.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task Identity_holding_the_role_is_served_and_one_without_it_is_refused()
    {
        var reader = await _server.CreateSignInIdentityAsync();
        var stranger = await _server.CreateSignInIdentityAsync();
        await _server.Admin.CreateRoleAssignmentAsync(
            new CreateRoleAssignmentRequest(reader.Identity.Name, "Orders.Read", Resource), default);
        await _server.Admin.CreateRoleAssignmentAsync(
            new CreateRoleAssignmentRequest(stranger.Identity.Name, "Orders.Write", Resource), default);

        using var served = await CallAsync(await reader.AccessTokenAsync(Resource));
        using var refused = await CallAsync(await stranger.AccessTokenAsync(Resource));

        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        var body = await served.Content.ReadAsStringAsync();
        Assert.Contains(reader.Identity.PrincipalId.ToString(), body, StringComparison.Ordinal);
        Assert.Contains("\"roles\":[\"Orders.Read\"]", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task Request_without_a_token_is_401()
    {
        using var response = await _client.GetAsync("/whoami");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<HttpResponseMessage> CallAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/whoami");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await _client.SendAsync(request);
    }

    private Process StartApi(int port)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false };
        start.ArgumentList.Add(RepositoryPaths.Binary("Tessera.Samples.Api", "Tessera.Samples.Api"));
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Authentication__Schemes__Bearer__Authority"] = $"{_server.BaseUrl}/{_server.TenantId}/";
        start.Environment["Authentication__Schemes__Bearer__ValidAudiences__0"] = Resource;
        foreach (var (name, value) in TrustBundle.Prepare(_server.Server.CaCertificatePath!, _data))
        {
            start.Environment[name] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException("The sample API did not start.");
    }

    private async Task WaitUntilReadyAsync()
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            Assert.False(_api.HasExited, $"The sample API exited with code {(_api.HasExited ? _api.ExitCode : 0)}.");
            try
            {
                using var response = await _client.GetAsync("/healthz");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        Assert.Fail("The sample API did not become ready within a minute.");
    }
}
