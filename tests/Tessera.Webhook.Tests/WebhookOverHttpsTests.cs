using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Tessera.Client;
using Tessera.Server;
using Tessera.Server.Hosting;
using Tessera.Testing;

namespace Tessera.Webhook.Tests;

/// <summary>
/// A real Tessera server, given a kubeconfig for a fake Kubernetes API, answers AdmissionReviews on
/// <c>POST /mutate-v1-pod</c> over HTTPS as the API server would call it.
/// </summary>
public sealed class WebhookOverHttpsTests : IAsyncLifetime
{
    private readonly TestCertificateAuthority _ca = new();
    private readonly string _data = Directory.CreateTempSubdirectory("tessera-webhook-").FullName;
    private FakeKubernetesApi _api = null!;
    private TesseraServer _server = null!;
    private HttpClient _http = null!;
    private string _kubeconfig = null!;

    public async Task InitializeAsync()
    {
        _api = await FakeKubernetesApi.StartAsync(_ca);
        _api.Put("orders", "orders-api", new Dictionary<string, string> { ["azure.workload.identity/client-id"] = WebhookHarness.ClientId });
        _kubeconfig = _api.WriteKubeconfig(_ca);
        _server = await TesseraServer.StartAsync(
            new ServerOptions
            {
                DataDirectory = _data,
                Port = 0,
                Webhook = new WebhookOptions
                {
                    Kubernetes = new KubernetesAccess(KubernetesAccessSource.KubeconfigFile, _kubeconfig),
                    AuthorityHost = WebhookHarness.AuthorityHost,
                },
            },
            logging: logging => logging.SetMinimumLevel(LogLevel.Warning));
        _http = ServerConnection.Resolve(_server.BaseUrl, _data).CreateHttpClient();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        await _api.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
        File.Delete(_kubeconfig);
        _ca.Dispose();
    }

    [Fact]
    public async Task Labelled_pod_is_patched_with_the_servers_default_tenant()
    {
        var review = new ReviewBuilder().Build();

        var response = await _http.PostAsJsonAsync("mutate-v1-pod?timeout=10s", review);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = AdmissionResult.From(review, (await response.Content.ReadFromJsonAsync<JsonObject>())!);
        Assert.Equal("0df28fbd-5f5f-4e5b-9b0a-6f4f8b7b3c21", result.Response["uid"]!.GetValue<string>());
        Assert.Equal("JSONPatch", result.Response["patchType"]!.GetValue<string>());
        Assert.Equal(
            [
                "ASPNETCORE_URLS=http://+:8080",
                $"AZURE_CLIENT_ID={WebhookHarness.ClientId}",
                $"AZURE_TENANT_ID={_server.DefaultTenant.Id}",
                "AZURE_FEDERATED_TOKEN_FILE=/var/run/secrets/azure/tokens/azure-identity-token",
                $"AZURE_AUTHORITY_HOST={WebhookHarness.AuthorityHost}",
            ],
            result.Env("api"));
    }

    [Fact]
    public async Task Pod_of_a_missing_service_account_is_denied()
    {
        var review = new ReviewBuilder().ServiceAccount("ghost").Build();

        var response = await _http.PostAsJsonAsync("mutate-v1-pod", review);

        var answer = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.False(answer["response"]!["allowed"]!.GetValue<bool>());
        Assert.Equal(400, answer["response"]!["status"]!["code"]!.GetValue<int>());
        Assert.StartsWith("The pod's service account 'ghost' does not exist in namespace 'orders'",
            answer["response"]!["status"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Body_that_is_not_a_review_is_a_400_problem()
    {
        var response = await _http.PostAsync("mutate-v1-pod", new StringContent("{\"kind\":", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The body is not an AdmissionReview", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_without_kubernetes_access_does_not_serve_the_webhook()
    {
        await using var plain = await TesseraTestServer.StartAsync();

        var response = await plain.Http.PostAsJsonAsync("mutate-v1-pod", new ReviewBuilder().Build());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
