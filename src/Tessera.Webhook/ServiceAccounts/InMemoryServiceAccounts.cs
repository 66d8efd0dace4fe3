using System.Collections.Concurrent;
using k8s.Models;

namespace Tessera.Webhook.ServiceAccounts;

/// <summary>Service accounts held in memory: what tests and benchmarks give the webhook instead of a cluster.</summary>
public sealed class InMemoryServiceAccounts : IServiceAccountSource
{
    private readonly ConcurrentDictionary<(string Namespace, string Name), V1ServiceAccount> _accounts = new();

    /// <summary>Adds or replaces a service account with the given annotations.</summary>
    public V1ServiceAccount Put(string @namespace, string name, IDictionary<string, string>? annotations = null)
    {
        var account = new V1ServiceAccount
        {
            ApiVersion = "v1",
            Kind = "ServiceAccount",
            Metadata = new V1ObjectMeta { NamespaceProperty = @namespace, Name = name, Annotations = annotations },
        };
        _accounts[(@namespace, name)] = account;
        return account;
    }

    public ValueTask<V1ServiceAccount?> FindAsync(
        string @namespace, string name, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_accounts.GetValueOrDefault((@namespace, name)));
}
