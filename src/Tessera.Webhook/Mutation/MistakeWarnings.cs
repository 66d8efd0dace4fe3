using System.Text.Json.Nodes;
using k8s.Models;

namespace Tessera.Webhook.Mutation;

/// <summary>
/// Admission warnings for the mistakes users of workload identity make most (kubectl prints them): a service
/// account without a client ID, a client ID that is not one, an annotation spelled with underscores.
/// </summary>
internal static class MistakeWarnings
{
    public static IReadOnlyList<string> For(JsonObject pod, V1ServiceAccount account)
    {
        var warnings = new List<string>();
        var annotations = WorkloadIdentity.AnnotationsOf(account);
        var owner = $"service account {WorkloadIdentity.Describe(account)}";
        var clientId = annotations.GetValueOrDefault(WorkloadIdentityKeys.ClientId);
        if (string.IsNullOrEmpty(clientId))
        {
            warnings.Add($"The pod is labelled {WorkloadIdentityKeys.UseLabel}=true but its {owner} has no " +
                $"{WorkloadIdentityKeys.ClientId} annotation, so AZURE_CLIENT_ID is not set and the SDKs cannot tell " +
                "which identity to use.");
        }
        else if (!Guid.TryParse(clientId, out _))
        {
            warnings.Add($"The annotation {WorkloadIdentityKeys.ClientId} of {owner} is '{clientId}', which is not a " +
                "client ID (a GUID); token requests with it will fail.");
        }

        warnings.AddRange(Misspelled(annotations.Keys, owner));
        warnings.AddRange(Misspelled(PodJson.AnnotationKeys(pod), "the pod"));
        return warnings;
    }

    /// <summary>Keys such as <c>azure.workload.identity/client_id</c> that mean a known key with hyphens.</summary>
    private static IEnumerable<string> Misspelled(IEnumerable<string> keys, string owner) =>
        from key in keys
        where key.StartsWith(WorkloadIdentityKeys.Prefix, StringComparison.Ordinal)
            && key.Contains('_', StringComparison.Ordinal)
        let meant = key.Replace('_', '-')
        where WorkloadIdentityKeys.Known.Contains(meant)
        select $"The annotation {key} of {owner} is ignored; the webhook reads {meant} (with hyphens).";
}
