using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Client;
using Tessera.Testing;

namespace Tessera.Cli.Tests;

/// <summary>
/// <c>tessera serve --kubeconfig</c> as a user runs it, against a fake Kubernetes API: the banner names the webhook,
/// and a pod review posted over HTTPS comes back patched.
/// </summary>
public sealed class WebhookServeTests : IAsyncLifetime
{
    private const string ClientId = "5a8b3e0c-1f2d-4c6e-9a7b-3d2e1f0a9b8c";

    private readonly TestCertificateAuthority _ca = new();
    private readonly string _data = Directory.CreateTempSubdirectory("tessera-cli-webhook-").FullName;
    private FakeKubernetesApi _api = null!;
    private Process _serve = null!;
    private string _kubeconfig = null!;
    private string _banner = "";

    public async Task InitializeAsync()
    {
        _api = await FakeKubernetesApi.StartAsync(_ca);
        _api.Put("shop", "cart", new Dictionary<string, string> { ["azure.workload.identity/client-id"] = ClientId });
        _kubeconfig = _api.WriteKubeconfig(_ca);
        _serve = Process.Start(CliProcess.StartInfo(
            ["serve", "--data", _data, "--port", "0", "--kubeconfig", _kubeconfig]))!;
        var banner = new StringBuilder();
        while (await _serve.StandardOutput.ReadLineAsync() is { } line
            && !line.StartsWith("Press Ctrl+C", StringComparison.Ordinal))
        {
            banner.AppendLine(line);
        }

        _banner = banner.ToString();
        _ = _serve.StandardOutput.ReadToEndAsync();
        _ = _serve.StandardError.ReadToEndAsync();
    }

    public async Task DisposeAsync()
    {
        if (!_serve.HasExited)
        {
            Signals.Send(_serve.Id, Signals.Terminate);
            await _serve.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        _serve.Dispose();
        await _api.DisposeAsync();
        Directory.Delete(_data, recursive: true);
        File.Delete(_kubeconfig);
        _ca.Dispose();
    }

    [Fact]
    public async Task Serve_with_a_kubeconfig_answers_pod_reviews()
    {
        using var state = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_data, "server.json")));
        var url = state.RootElement.GetProperty("url").GetString();
        using var http = ServerConnection.Resolve(url, _data).CreateHttpClient();

        var response = await http.PostAsJsonAsync("mutate-v1-pod", Review());

        Assert.Contains("Pod webhook:", _banner, StringComparison.Ordinal);
        Assert.Contains($"(service accounts from kubeconfig {_kubeconfig})", _banner, StringComparison.Ordinal);
        var answer = (await response.Content.ReadFromJsonAsync<JsonObject>())!["response"]!;
        Assert.Equal("review-1", answer["uid"]!.GetValue<string>());
        Assert.True(answer["allowed"]!.GetValue<bool>());
        var patch = Encoding.UTF8.GetString(Convert.FromBase64String(answer["patch"]!.GetValue<string>()));
        Assert.Contains($"{{\"name\":\"AZURE_CLIENT_ID\",\"value\":\"{ClientId}\"}}", patch, StringComparison.Ordinal);
    }

    private static JsonObject Review() => JsonNode.Parse("""
        {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"review-1",
         "kind":{"group":"","version":"v1","kind":"Pod"},"resource":{"group":"","version":"v1","resource":"pods"},
         "namespace":"shop","operation":"CREATE","object":{"apiVersion":"v1","kind":"Pod",
         "metadata":{"name":"cart-0","namespace":"shop","labels":{"azure.workload.identity/use":"true"}},
         "spec":{"serviceAccountName":"cart","containers":[{"name":"cart","image":"registry.example/cart:1"}]}}}}
        """)!.AsObject();
}
