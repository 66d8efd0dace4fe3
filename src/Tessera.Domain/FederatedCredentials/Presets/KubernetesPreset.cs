using Tessera.Domain.Rules;
using Tessera.Domain.ServiceAccounts;

namespace Tessera.Domain.FederatedCredentials.Presets;

/// <summary>
/// Another Kubernetes cluster: its service-account issuer (the API server's <c>--service-account-issuer</c>, as in
/// its tokens' <c>iss</c>) and <c>sub = system:serviceaccount:NAMESPACE:NAME</c>. Replay protection is off: SDKs
/// send the projected token file's token again until the kubelet refreshes it.
/// </summary>
public static class KubernetesPreset
{
    public static (ResolvedCredential? Credential, IReadOnlyList<RuleViolation> Violations) Resolve(
        CredentialArguments arguments)
    {
        var violations = new List<RuleViolation>();
        if (arguments.Issuer is null)
        {
            violations.Add(new RuleViolation("--issuer", null,
                "give the cluster's service-account issuer URL (kubectl get --raw /.well-known/openid-configuration " +
                "shows it as 'issuer')"));
        }

        if (!ServiceAccount.TryParse(arguments.ServiceAccount, out var account, out var error))
        {
            violations.Add(new RuleViolation("--service-account", arguments.ServiceAccount, error));
        }

        if (violations.Count > 0)
        {
            return (null, violations);
        }

        var advice = new List<string>
        {
            "Tessera fetches the cluster's discovery document and keys from the issuer URL over https: make them " +
            "reachable (on a private network, start the server with --allow-issuer-network and --issuer-ca).",
        };
        return (new ResolvedCredential(arguments.Issuer, account!.Subject, null, ReplayProtection: false,
            FederationPresets.Name("k8s", account.Namespace, account.Name), advice), []);
    }
}
