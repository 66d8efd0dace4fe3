using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using Tessera.Testing;
using Tessera.Webhook.ServiceAccounts;

namespace Tessera.Webhook.Tests;

/// <summary>
/// The real Kubernetes client against a fake API server over HTTPS: accounts come from a list kept current by a
/// watch; a miss is read directly; an account that does not exist is null.
/// </summary>
public sealed class ServiceAccountCacheTests : IAsyncLifetime
{
    private readonly TestCertificateAuthority _ca = new();
    private FakeKubernetesApi _api = null!;
    private KubernetesServiceAccountCache _cache = null!;
    private Kubernetes _client = null!;
    private string _kubeconfig = null!;

    public async Task InitializeAsync()
    {
        _api = await FakeKubernetesApi.StartAsync(_ca);
        _api.Put("orders", "orders-api", new Dictionary<string, string> { ["azure.workload.identity/client-id"] = "first" });
        _kubeconfig = _api.WriteKubeconfig(_ca);
        var access = new KubernetesAccess(KubernetesAccessSource.KubeconfigFile, _kubeconfig);
        _client = new Kubernetes(access.BuildConfiguration());
        _cache = new KubernetesServiceAccountCache(_client, TimeProvider.System, NullLogger<KubernetesServiceAccountCache>.Instance);
        await _cache.StartAsync(CancellationToken.None);
        await Eventually(() => _cache.IsSynced && _api.OpenWatches == 1);
    }

    public async Task DisposeAsync()
    {
        await _cache.StopAsync(CancellationToken.None);
        _cache.Dispose();
        _client.Dispose();
        await _api.DisposeAsync();
        File.Delete(_kubeconfig);
        _ca.Dispose();
    }

    [Fact]
    public async Task Listed_account_is_answered_from_memory()
    {
        var account = await _cache.FindAsync("orders", "orders-api", CancellationToken.None);

        Assert.Equal("first", account!.Metadata.Annotations["azure.workload.identity/client-id"]);
        Assert.Equal(0, _api.Reads);
    }

    [Fact]
    public async Task Change_arrives_through_the_watch()
    {
        _api.Put("orders", "orders-api", new Dictionary<string, string> { ["azure.workload.identity/client-id"] = "second" });

        await Eventually(async () => (await _cache.FindAsync("orders", "orders-api", CancellationToken.None))!
            .Metadata.Annotations["azure.workload.identity/client-id"] == "second");

        Assert.Equal(0, _api.Reads);
    }

    [Fact]
    public async Task Account_not_yet_seen_by_the_watch_is_read_directly()
    {
        _api.PutQuietly("orders", "fresh", new Dictionary<string, string> { ["azure.workload.identity/client-id"] = "new" });

        var account = await _cache.FindAsync("orders", "fresh", CancellationToken.None);

        Assert.Equal("new", account!.Metadata.Annotations["azure.workload.identity/client-id"]);
        Assert.Equal(1, _api.Reads);
    }

    [Fact]
    public async Task Missing_account_is_null()
    {
        var account = await _cache.FindAsync("orders", "ghost", CancellationToken.None);

        Assert.Null(account);
        Assert.Equal(1, _api.Reads);
    }

    [Fact]
    public async Task Deleted_account_is_forgotten()
    {
        _api.Delete("orders", "orders-api");

        await Eventually(async () => await _cache.FindAsync("orders", "orders-api", CancellationToken.None) is null);
    }

    private static Task Eventually(Func<bool> condition) => Eventually(() => Task.FromResult(condition()));

    /// <summary>Waits for something another task does (a watch event arriving), up to ten seconds.</summary>
    private static async Task Eventually(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!await condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
