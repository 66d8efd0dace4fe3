using k8s;
using k8s.Models;

namespace Tessera.Webhook.Install;

/// <summary>The server's service account and the least it may do: get, list and watch service accounts.</summary>
internal static class AccessManifests
{
    public const string ClusterRoleName = "tessera-serviceaccount-reader";

    public static IEnumerable<IKubernetesObject> Build(InstallOptions options)
    {
        yield return new V1ServiceAccount
        {
            ApiVersion = "v1",
            Kind = "ServiceAccount",
            Metadata = new V1ObjectMeta
            {
                Name = InstallOptions.Name, NamespaceProperty = options.Namespace, Labels = ServerManifests.Labels,
            },
        };
        yield return new V1ClusterRole
        {
            ApiVersion = "rbac.authorization.k8s.io/v1",
            Kind = "ClusterRole",
            Metadata = new V1ObjectMeta { Name = ClusterRoleName, Labels = ServerManifests.Labels },
            Rules =
            [
                new V1PolicyRule
                {
                    ApiGroups = [""], Resources = ["serviceaccounts"], Verbs = ["get", "list", "watch"],
                },
            ],
        };
        yield return new V1ClusterRoleBinding
        {
            ApiVersion = "rbac.authorization.k8s.io/v1",
            Kind = "ClusterRoleBinding",
            Metadata = new V1ObjectMeta { Name = ClusterRoleName, Labels = ServerManifests.Labels },
            RoleRef = new V1RoleRef
            {
                ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = ClusterRoleName,
            },
            Subjects =
            [
                new Rbacv1Subject
                {
                    Kind = "ServiceAccount", Name = InstallOptions.Name, NamespaceProperty = options.Namespace,
                },
            ],
        };
    }
}
