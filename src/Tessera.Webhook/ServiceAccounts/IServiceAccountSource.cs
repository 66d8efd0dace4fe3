using k8s.Models;

namespace Tessera.Webhook.ServiceAccounts;

/// <summary>Where the webhook reads a pod's service account from.</summary>
public interface IServiceAccountSource
{
    /// <summary>The service account, or null when the namespace has none of that name.</summary>
    /// <exception cref="ServiceAccountReadException">The Kubernetes API could not be asked.</exception>
    ValueTask<V1ServiceAccount?> FindAsync(string @namespace, string name, CancellationToken cancellationToken);
}
