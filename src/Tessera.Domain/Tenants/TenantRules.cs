using System.Text.RegularExpressions;
using Tessera.Domain.Rules;

namespace Tessera.Domain.Tenants;

/// <summary>Rules for tenant names, which appear in URLs in place of the tenant ID.</summary>
public static partial class TenantRules
{
    /// <summary>
    /// Path segments Entra clients treat specially or that Tessera routes itself; a tenant with such a name
    /// could never be reached by name.
    /// </summary>
    private static readonly HashSet<string> s_reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "common", "organizations", "consumers", "admin", "issuers", "openapi", "healthz", "readyz", "metrics",
    };

    public static IReadOnlyList<RuleViolation> Validate(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return [new RuleViolation("name", null, "a tenant needs a name")];
        }

        if (!NamePattern().IsMatch(name))
        {
            return [new RuleViolation("name", name,
                "use 3-64 lowercase letters, digits, '-' or '.', starting and ending with a letter or digit")];
        }

        if (Guid.TryParse(name, out _) || s_reserved.Contains(name))
        {
            return [new RuleViolation("name", name, "this name is reserved; choose another")];
        }

        return [];
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9.-]{1,62})[a-z0-9]$")]
    private static partial Regex NamePattern();
}
