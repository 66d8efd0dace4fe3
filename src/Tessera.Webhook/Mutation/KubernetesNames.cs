using System.Text.RegularExpressions;

namespace Tessera.Webhook.Mutation;

/// <summary>Kubernetes' naming rules, where the webhook checks a name it is given.</summary>
internal static partial class KubernetesNames
{
    public static bool IsDnsSubdomain(string name) => name.Length <= 253 && DnsSubdomain().IsMatch(name);

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?$")]
    private static partial Regex DnsSubdomain();
}
