using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Tessera.Domain.ServiceAccounts;

/// <summary>
/// A Kubernetes-style service account. Workload tokens name it as
/// <c>system:serviceaccount:NAMESPACE:NAME</c>, which is what federated credentials match.
/// </summary>
public sealed partial record ServiceAccount(string Namespace, string Name)
{
    private const string SubjectPrefix = "system:serviceaccount:";

    /// <summary>The token subject: <c>system:serviceaccount:NAMESPACE:NAME</c>.</summary>
    public string Subject => $"{SubjectPrefix}{Namespace}:{Name}";

    /// <inheritdoc />
    public override string ToString() => $"{Namespace}/{Name}";

    /// <summary>
    /// Parses <c>NAMESPACE/NAME</c>, applying Kubernetes' naming rules (namespace: DNS label; name: DNS
    /// subdomain), and says what was wrong when it fails.
    /// </summary>
    public static bool TryParse(
        string? text, [NotNullWhen(true)] out ServiceAccount? account, [NotNullWhen(false)] out string? error)
    {
        account = null;
        var parts = text?.Split('/') ?? [];
        if (parts.Length != 2)
        {
            error = $"'{text}' is not a service account: write it as NAMESPACE/NAME, for example default/orders";
            return false;
        }

        if (!NamespacePattern().IsMatch(parts[0]))
        {
            error = $"namespace '{parts[0]}' is not a valid Kubernetes namespace: use 1-63 lowercase letters, " +
                "digits or '-', starting and ending with a letter or digit";
            return false;
        }

        if (parts[1].Length > 253 || !NamePattern().IsMatch(parts[1]))
        {
            error = $"name '{parts[1]}' is not a valid service account name: use at most 253 lowercase letters, " +
                "digits, '-' or '.', starting and ending with a letter or digit";
            return false;
        }

        account = new ServiceAccount(parts[0], parts[1]);
        error = null;
        return true;
    }

    public static ServiceAccount Parse(string text) =>
        TryParse(text, out var account, out var error) ? account : throw new FormatException(error);

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex NamespacePattern();

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?$")]
    private static partial Regex NamePattern();
}
