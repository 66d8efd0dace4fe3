using System.Text.RegularExpressions;
using Tessera.Domain.Rules;

namespace Tessera.Domain.Issuers;

/// <summary>Rules for hosted issuer names, which become a path segment of the issuer URL.</summary>
public static partial class IssuerRules
{
    public static IReadOnlyList<RuleViolation> Validate(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return [new RuleViolation("name", null, "an issuer needs a name")];
        }

        if (!NamePattern().IsMatch(name))
        {
            return [new RuleViolation("name", name,
                "use 1-63 lowercase letters, digits or '-', starting and ending with a letter or digit")];
        }

        return [];
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex NamePattern();
}
