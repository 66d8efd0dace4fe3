using System.Text;
using k8s;
using k8s.Models;

namespace Tessera.Webhook.Install;

/// <summary>
/// The Kubernetes objects that deploy Tessera, as typed models in the order <c>kubectl apply</c> needs them: the
/// namespace, access, certificate and storage before the server, and the webhook configuration last, so the API
/// server calls it only once something can answer.
/// </summary>
public static class InstallManifests
{
    public static IReadOnlyList<IKubernetesObject> Build(InstallOptions options, ServingCertificate tls) =>
    [
        new V1Namespace
        {
            ApiVersion = "v1",
            Kind = "Namespace",
            Metadata = new V1ObjectMeta { Name = options.Namespace, Labels = ServerManifests.Labels },
        },
        .. AccessManifests.Build(options),
        TlsSecret(options, tls),
        // A shared store keeps everything in the database; the data folder then holds nothing a pod must keep.
        .. options.SharedStore ? Array.Empty<IKubernetesObject>() : [ServerManifests.DataVolumeClaim(options)],
        ServerManifests.Deployment(options),
        ServerManifests.DisruptionBudget(options),
        ServerManifests.Service(options),
        WebhookManifest.Build(options, tls),
    ];

    /// <summary>The objects as one YAML stream, documents separated by <c>---</c>.</summary>
    public static string ToYaml(IEnumerable<IKubernetesObject> objects) =>
        string.Join("---\n", objects.Select(o => KubernetesYaml.Serialize(o).TrimEnd('\n') + "\n"));

    private static V1Secret TlsSecret(InstallOptions options, ServingCertificate tls) => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Metadata = new V1ObjectMeta
        {
            Name = ServerManifests.TlsSecretName,
            NamespaceProperty = options.Namespace,
            Labels = ServerManifests.Labels,
        },
        Type = "kubernetes.io/tls",
        Data = new Dictionary<string, byte[]>
        {
            ["tls.crt"] = Encoding.ASCII.GetBytes(tls.CertificatePem),
            ["tls.key"] = Encoding.ASCII.GetBytes(tls.KeyPem),
            ["ca.crt"] = Encoding.ASCII.GetBytes(tls.CaBundlePem),
        },
    };
}
