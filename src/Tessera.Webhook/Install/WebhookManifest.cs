using System.Text;
using k8s.Models;
using Tessera.Webhook.Hosting;
using Tessera.Webhook.Mutation;

namespace Tessera.Webhook.Install;

/// <summary>
/// The MutatingWebhookConfiguration: pods labelled for workload identity, on creation, sent to Tessera's Service.
/// Failing closed (a pod is refused when Tessera cannot answer) keeps a pod from starting without its identity.
/// </summary>
internal static class WebhookManifest
{
    public const string ConfigurationName = "tessera-workload-identity";
    public const string WebhookName = "pods.workload-identity.tessera.dev";

    public static V1MutatingWebhookConfiguration Build(InstallOptions options, ServingCertificate tls) => new()
    {
        ApiVersion = "admissionregistration.k8s.io/v1",
        Kind = "MutatingWebhookConfiguration",
        Metadata = new V1ObjectMeta { Name = ConfigurationName, Labels = ServerManifests.Labels },
        Webhooks =
        [
            new V1MutatingWebhook
            {
                Name = WebhookName,
                ClientConfig = new Admissionregistrationv1WebhookClientConfig
                {
                    Service = new Admissionregistrationv1ServiceReference
                    {
                        Name = InstallOptions.Name,
                        NamespaceProperty = options.Namespace,
                        Path = WebhookEndpoints.MutatePodPath,
                        Port = 443,
                    },
                    CaBundle = Encoding.ASCII.GetBytes(tls.CaBundlePem),
                },
                Rules =
                [
                    new V1RuleWithOperations
                    {
                        ApiGroups = [""],
                        ApiVersions = ["v1"],
                        Operations = ["CREATE"],
                        Resources = ["pods"],
                        Scope = "Namespaced",
                    },
                ],
                ObjectSelector = new V1LabelSelector
                {
                    MatchLabels = new Dictionary<string, string> { [WorkloadIdentityKeys.UseLabel] = "true" },
                },
                FailurePolicy = "Fail",
                ReinvocationPolicy = "IfNeeded",
                SideEffects = "None",
                MatchPolicy = "Equivalent",
                AdmissionReviewVersions = ["v1", "v1beta1"],
                TimeoutSeconds = 10,
            },
        ],
    };
}
