using System.Collections.Concurrent;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Tessera.Webhook.ServiceAccounts;

/// <summary>
/// Every service account of the cluster, kept current by a watch, so admitting a pod asks the Kubernetes API
/// nothing. A miss is read directly: the account may have been created a moment before the pod, ahead of its watch
/// event. Only names and annotations are kept.
/// </summary>
public sealed partial class KubernetesServiceAccountCache(
    IKubernetes client, TimeProvider time, ILogger<KubernetesServiceAccountCache> logger)
    : BackgroundService, IServiceAccountSource
{
    /// <summary>Well inside the API server's default webhook timeout of 10 s.</summary>
    private static readonly TimeSpan s_readTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_firstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_lastRetry = TimeSpan.FromSeconds(30);

    /// <summary>Replaced whole by each full list, so accounts deleted while no watch ran disappear.</summary>
    private volatile ConcurrentDictionary<string, V1ServiceAccount> _accounts = new(StringComparer.Ordinal);

    /// <summary>True once the first full list has been loaded.</summary>
    public bool IsSynced { get; private set; }

    public async ValueTask<V1ServiceAccount?> FindAsync(
        string @namespace, string name, CancellationToken cancellationToken)
    {
        if (_accounts.TryGetValue(Key(@namespace, name), out var cached))
        {
            return cached;
        }

        var account = await ReadAsync(@namespace, name, cancellationToken);
        if (account is not null)
        {
            _accounts.TryAdd(Key(@namespace, name), Trim(account));
        }

        return account;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retry = s_firstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var version = await ListAsync(stoppingToken);
                retry = s_firstRetry;
                await WatchAsync(version, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Reads on a miss still work meanwhile; a failure here must not stop the server.
                LogWatchFailed(logger, ex.Message, retry.TotalSeconds);
                await Task.Delay(retry, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, s_lastRetry.Ticks));
            }
        }
    }

    /// <summary>Loads every service account, page by page; returns the list's resource version to watch from.</summary>
    private async Task<string> ListAsync(CancellationToken cancellationToken)
    {
        var accounts = new ConcurrentDictionary<string, V1ServiceAccount>(StringComparer.Ordinal);
        string? next = null;
        string version;
        do
        {
            var page = await client.CoreV1.ListServiceAccountForAllNamespacesAsync(
                continueParameter: next, limit: 500, cancellationToken: cancellationToken);
            foreach (var account in page.Items)
            {
                accounts[Key(account)] = Trim(account);
            }

            next = page.Metadata?.ContinueProperty;
            version = page.Metadata?.ResourceVersion ?? "";
        }
        while (!string.IsNullOrEmpty(next));

        _accounts = accounts;
        IsSynced = true;
        LogListed(logger, accounts.Count, version);
        return version;
    }

    /// <summary>
    /// Applies watch events until the watch cannot resume; each time the server ends it (its timeout), watches again
    /// from the last version seen.
    /// </summary>
    private async Task WatchAsync(string version, CancellationToken stoppingToken)
    {
        while (true)
        {
            using var watch = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            Exception? failure = null;
            var events = client.CoreV1.WatchListServiceAccountForAllNamespacesAsync(
                allowWatchBookmarks: true, resourceVersion: version, timeoutSeconds: 300,
                onError: error =>
                {
                    failure = error;
                    watch.Cancel();
                },
                cancellationToken: watch.Token);
            try
            {
                await foreach (var (type, account) in events)
                {
                    version = account.Metadata?.ResourceVersion ?? version;
                    Apply(type, account);
                }
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested && failure is not null)
            {
            }

            if (failure is KubernetesException { Status.Code: (int)HttpStatusCode.Gone })
            {
                // Routine: the version is older than the API server keeps; the caller lists afresh.
                return;
            }

            if (failure is not null)
            {
                throw new ServiceAccountReadException($"The service account watch stopped: {failure.Message}", failure);
            }
        }
    }

    private void Apply(WatchEventType type, V1ServiceAccount account)
    {
        var accounts = _accounts;
        switch (type)
        {
            case WatchEventType.Added or WatchEventType.Modified:
                accounts[Key(account)] = Trim(account);
                break;
            case WatchEventType.Deleted:
                accounts.TryRemove(Key(account), out _);
                break;
        }
    }

    private async Task<V1ServiceAccount?> ReadAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_readTimeout);
        try
        {
            return await client.CoreV1.ReadNamespacedServiceAccountAsync(
                name, @namespace, cancellationToken: timeout.Token);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (HttpOperationException ex)
        {
            throw new ServiceAccountReadException(
                $"The Kubernetes API answered {(int)ex.Response.StatusCode} to reading service account " +
                $"{@namespace}/{name}; Tessera needs get, list and watch on serviceaccounts.", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ServiceAccountReadException(
                $"Reading service account {@namespace}/{name} from the Kubernetes API took longer than " +
                $"{s_readTimeout.TotalSeconds:0} s.", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new ServiceAccountReadException(
                $"The Kubernetes API could not be reached to read service account {@namespace}/{name}: " +
                ex.Message, ex);
        }
    }

    /// <summary>What the webhook reads of an account; the rest (secrets, labels, managed fields) is dropped.</summary>
    private static V1ServiceAccount Trim(V1ServiceAccount account) => new()
    {
        ApiVersion = "v1",
        Kind = "ServiceAccount",
        Metadata = new V1ObjectMeta
        {
            NamespaceProperty = account.Metadata?.NamespaceProperty,
            Name = account.Metadata?.Name,
            Annotations = account.Metadata?.Annotations,
            ResourceVersion = account.Metadata?.ResourceVersion,
        },
    };

    private static string Key(V1ServiceAccount account) =>
        Key(account.Metadata?.NamespaceProperty ?? "", account.Metadata?.Name ?? "");

    private static string Key(string @namespace, string name) => $"{@namespace}/{name}";

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information,
        Message = "Loaded {Count} service accounts from the Kubernetes API (resource version {ResourceVersion})")]
    private static partial void LogListed(ILogger logger, int count, string resourceVersion);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning,
        Message = "Watching service accounts failed: {Reason}; pods are still admitted by reading each account " +
            "directly. Retrying in {RetrySeconds} s")]
    private static partial void LogWatchFailed(ILogger logger, string reason, double retrySeconds);
}
