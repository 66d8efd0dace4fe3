using Microsoft.Extensions.Logging;
using Tessera.Webhook.Admission;
using Tessera.Webhook.Mutation;
using Tessera.Webhook.ServiceAccounts;

namespace Tessera.Webhook.Hosting;

/// <summary>
/// Answers one AdmissionReview: lets through what is not a labelled pod being created, finds the pod's service
/// account, and has <see cref="PodMutator"/> decide. One log line per labelled pod.
/// </summary>
public sealed partial class PodAdmission(
    IServiceAccountSource accounts, WebhookOptions options, WebhookTenant tenant, ILogger<PodAdmission> logger)
{
    public async Task<AdmissionDecision> ReviewAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (!request.IsPodCreate || PodJson.Label(request.Object!, WorkloadIdentityKeys.UseLabel) != "true")
        {
            return AdmissionDecision.Allow();
        }

        var pod = request.Object!;
        var podName = PodJson.DisplayName(pod);
        var @namespace = request.Namespace.Length > 0
            ? request.Namespace
            : PodJson.Text(PodJson.Metadata(pod)?["namespace"]) ?? "default";
        var accountName = PodJson.ServiceAccountName(pod);
        try
        {
            var account = await accounts.FindAsync(@namespace, accountName, cancellationToken);
            if (account is null)
            {
                var missing = $"The pod's service account '{accountName}' does not exist in namespace " +
                    $"'{@namespace}'; create it, or set spec.serviceAccountName to one that exists.";
                LogDenied(logger, request.Uid, @namespace, podName, accountName, missing);
                return AdmissionDecision.Deny(missing);
            }

            var defaultTenant = await tenant.GetAsync(cancellationToken);
            var settings = new MutationSettings(
                defaultTenant, options.AuthorityHost, options.CaConfigMap, options.AgentImage);
            var decision = PodMutator.Mutate(pod, account, settings);
            Log(request.Uid, @namespace, podName, accountName, decision);
            return decision;
        }
        catch (ServiceAccountReadException ex)
        {
            LogReadFailed(logger, request.Uid, @namespace, podName, accountName, ex.Message);
            return AdmissionDecision.Deny(ex.Message, 500);
        }
    }

    private void Log(string uid, string @namespace, string pod, string account, AdmissionDecision decision)
    {
        if (decision.Allowed)
        {
            var operations = decision.PatchOperations?.Count ?? 0;
            LogAdmitted(logger, uid, @namespace, pod, account, operations, decision.Warnings.Count);
        }
        else
        {
            LogDenied(logger, uid, @namespace, pod, account, decision.Message!);
        }
    }

    [LoggerMessage(EventId = 6101, Level = LogLevel.Information,
        Message = "Admitted pod {Namespace}/{Pod} as service account {ServiceAccount} with {Operations} patch " +
            "operations and {Warnings} warnings (review {Uid})")]
    private static partial void LogAdmitted(
        ILogger logger, string uid, string @namespace, string pod, string serviceAccount, int operations, int warnings);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Information,
        Message = "Denied pod {Namespace}/{Pod} as service account {ServiceAccount}: {Reason} (review {Uid})")]
    private static partial void LogDenied(
        ILogger logger, string uid, string @namespace, string pod, string serviceAccount, string reason);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Error,
        Message = "Could not admit pod {Namespace}/{Pod}: its service account {ServiceAccount} could not be read: " +
            "{Reason} (review {Uid})")]
    private static partial void LogReadFailed(
        ILogger logger, string uid, string @namespace, string pod, string serviceAccount, string reason);
}
