using System.Diagnostics.CodeAnalysis;
using k8s.Models;

namespace Tessera.Webhook.Mutation;

/// <summary>The identity a pod gets from its service account's annotations and the webhook's defaults.</summary>
/// <param name="ClientId">Empty when the service account names none; then nothing is injected for it.</param>
/// <param name="TenantId">Empty when the service account's tenant-id annotation is present but empty.</param>
internal sealed record WorkloadIdentity(string ClientId, string TenantId, int TokenExpirationSeconds)
{
    /// <param name="defaultTenantId">The tenant for service accounts without a tenant-id annotation.</param>
    /// <param name="podTokenExpiration">The pod's own lifetime annotation, which wins.</param>
    public static bool TryResolve(
        V1ServiceAccount account,
        string? defaultTenantId,
        int? podTokenExpiration,
        [NotNullWhen(true)] out WorkloadIdentity? identity,
        [NotNullWhen(false)] out string? error)
    {
        identity = null;
        error = null;
        var annotations = AnnotationsOf(account);
        var expiration = podTokenExpiration ?? TokenExpiration.DefaultSeconds;
        if (podTokenExpiration is null && annotations.TryGetValue(WorkloadIdentityKeys.TokenExpiration, out var text)
            && !TokenExpiration.TryParse(text, $"service account {Describe(account)}", out expiration, out error))
        {
            return false;
        }

        // Present, even empty, wins: an empty tenant-id deliberately leaves AZURE_TENANT_ID unset.
        var tenant = annotations.TryGetValue(WorkloadIdentityKeys.TenantId, out var annotated)
            ? annotated
            : defaultTenantId;
        identity = new WorkloadIdentity(
            annotations.GetValueOrDefault(WorkloadIdentityKeys.ClientId) ?? "", tenant ?? "", expiration);
        return true;
    }

    public static IReadOnlyDictionary<string, string> AnnotationsOf(V1ServiceAccount account) =>
        account.Metadata?.Annotations is { } annotations
            ? new System.Collections.ObjectModel.ReadOnlyDictionary<string, string>(annotations)
            : new Dictionary<string, string>();

    public static string Describe(V1ServiceAccount account) =>
        $"{account.Metadata?.NamespaceProperty}/{account.Metadata?.Name}";
}
