using System.Diagnostics;
using System.Text.Json;
using Tessera.Testing;

namespace Tessera.Cli.Tests;

/// <summary>
/// 'tessera agent serve-identity-endpoint' as the Kubernetes webhook's sidecar runs it: configured by the injected
/// variables, trusting Tessera through SSL_CERT_FILE, serving until SIGTERM.
/// </summary>
public sealed class AgentCommandTests(ServeFixture serve) : IClassFixture<ServeFixture>, IAsyncLifetime
{
    private const string Header = "0123456789abcdef0123456789abcdef0123456789abcdef";

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("tessera-sidecar-");
    private readonly HttpClient _http = new();
    private string _resource = "";
    private Guid _clientId;

    private string TokenFile => Path.Combine(_folder.FullName, "azure-identity-token");

    public async Task InitializeAsync()
    {
        var issuer = "pods-" + Guid.NewGuid().ToString("N")[..6];
        var identity = "pod-" + Guid.NewGuid().ToString("N")[..6];
        _resource = $"api://{identity}";
        Assert.Equal(0, (await serve.RunAsync("issuer", "create", issuer)).ExitCode);
        var created = await serve.RunAsync("identity", "create", identity, "-o", "json");
        using var json = JsonDocument.Parse(created.Output);
        _clientId = json.RootElement.GetProperty("clientId").GetGuid();
        Assert.Equal(0, (await serve.RunAsync("identity", "create", identity + "-api", "--kind", "app-registration",
            "--identifier-uri", _resource)).ExitCode);
        Assert.Equal(0, (await serve.RunAsync("credential", "create", "--identity", identity, "--name", "pod",
            "--issuer", $"{serve.Url}/issuers/{issuer}", "--subject", "system:serviceaccount:orders:api")).ExitCode);

        // The kubelet's part: a projected token in the file the webhook names.
        var token = await serve.RunAsync("token", "workload", "--issuer", issuer, "--service-account", "orders/api");
        await File.WriteAllTextAsync(TokenFile, token.Output.Trim());
    }

    public Task DisposeAsync()
    {
        _http.Dispose();
        _folder.Delete(recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>The variables the webhook gives the sidecar, and Tessera's CA as the pod's trusted roots.</summary>
    private Dictionary<string, string> SidecarEnvironment() => new()
    {
        ["AZURE_CLIENT_ID"] = _clientId.ToString(),
        ["AZURE_TENANT_ID"] = serve.TenantId.ToString(),
        ["AZURE_FEDERATED_TOKEN_FILE"] = TokenFile,
        ["AZURE_AUTHORITY_HOST"] = serve.Url + "/",
        ["IDENTITY_HEADER"] = Header,
        ["SSL_CERT_FILE"] = Path.Combine(serve.DataDirectory, "ca.pem"),
    };

    [Fact]
    public async Task Sidecar_serves_both_protocols_until_sigterm()
    {
        var port = TesseraTestServer.FreePort();
        using var sidecar = Process.Start(CliProcess.StartInfo(
            ["agent", "serve-identity-endpoint", "--listen", $"127.0.0.1:{port}"], SidecarEnvironment()))!;
        _ = sidecar.StandardError.ReadToEndAsync();
        await WaitForLineAsync(sidecar, "listening on http://127.0.0.1:" + port);
        var endpoint = $"http://127.0.0.1:{port}/metadata/identity/oauth2/token?resource={_resource}";

        var appService = await GetAsync($"{endpoint}&api-version=2019-08-01", "X-IDENTITY-HEADER", Header);
        var imds = await GetAsync($"{endpoint}&api-version=2018-02-01", "Metadata", "true");
        var forged = await GetAsync($"{endpoint}&api-version=2019-08-01", "X-IDENTITY-HEADER", "guess");
        Signals.Send(sidecar.Id, Signals.Terminate);
        await sidecar.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(200, appService.Status);
        Assert.Equal(_clientId.ToString(), appService.Body.GetProperty("client_id").GetString());
        Assert.Equal(200, imds.Status);
        Assert.Equal(
            imds.Body.GetProperty("expires_on").GetString(), appService.Body.GetProperty("expires_on").GetString());
        Assert.Equal(401, forged.Status);
        Assert.Equal(0, sidecar.ExitCode);
    }

    [Fact]
    public async Task Dotnet_sdk_reaches_the_sidecar_through_the_pod_identity_host_as_imds()
    {
        var port = TesseraTestServer.FreePort();
        using var sidecar = Process.Start(CliProcess.StartInfo(
            ["agent", "serve-identity-endpoint", "--listen", $"127.0.0.1:{port}"], SidecarEnvironment()))!;
        _ = sidecar.StandardError.ReadToEndAsync();
        await WaitForLineAsync(sidecar, "listening on");
        var sample = RepositoryPaths.Binary("Tessera.Samples.Workload", "Tessera.Samples.Workload");
        var environment = new Dictionary<string, string>
        {
            ["API_SCOPE"] = _resource + "/.default",
            ["AZURE_POD_IDENTITY_AUTHORITY_HOST"] = $"http://127.0.0.1:{port}",
        };

        var workload = await ChildProcesses.RunAsync("dotnet", [sample, "managed-identity"], environment);
        Signals.Send(sidecar.Id, Signals.Terminate);
        await sidecar.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(workload.ExitCode == 0, workload.Output + workload.Error);
        Assert.Contains($"Signed in with ManagedIdentityCredential: access token for {_resource}/.default",
            workload.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sidecar_without_the_webhooks_variables_names_each_missing_one()
    {
        var environment = SidecarEnvironment();
        environment["AZURE_CLIENT_ID"] = "";
        environment["IDENTITY_HEADER"] = "short";

        var result = await CliProcess.RunAsync(["agent", "serve-identity-endpoint", "--listen", "127.0.0.1:8000"],
            environment);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("$AZURE_CLIENT_ID is not set.", result.Error, StringComparison.Ordinal);
        Assert.Contains("$IDENTITY_HEADER holds 5 characters; expected at least 16", result.Error,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sidecar_refuses_to_listen_beyond_loopback()
    {
        var result = await CliProcess.RunAsync(["agent", "serve-identity-endpoint", "--listen", "0.0.0.0:8000"],
            SidecarEnvironment());

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("The listen address '0.0.0.0:8000' is not a loopback address", result.Error,
            StringComparison.Ordinal);
    }

    private async Task<(int Status, JsonElement Body)> GetAsync(string url, string header, string value)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add(header, value);
        using var response = await _http.SendAsync(request);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return ((int)response.StatusCode, document.RootElement.Clone());
    }

    private static async Task WaitForLineAsync(Process process, string text)
    {
        while (await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)) is { } line)
        {
            if (line.Contains(text, StringComparison.Ordinal))
            {
                // Keep reading, so a full pipe never blocks the sidecar's logging.
                _ = process.StandardOutput.ReadToEndAsync();
                return;
            }
        }

        Assert.Fail($"The sidecar exited before logging '{text}'.");
    }
}
