using System.Text.RegularExpressions;
using Tessera.Domain.Rules;

namespace Tessera.Domain.Roles;

/// <summary>Rules for the app roles an app registration declares, as Entra spells role values.</summary>
public static partial class AppRoleRules
{
    public const int MaxRoles = 100;

    public static IReadOnlyList<RuleViolation> Validate(IReadOnlyList<string>? roles)
    {
        var violations = new List<RuleViolation>();
        if (roles is null)
        {
            return violations;
        }

        if (roles.Count > MaxRoles)
        {
            var count = roles.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            violations.Add(new RuleViolation("appRoles", count, $"declare at most {MaxRoles} app roles"));
        }

        foreach (var role in roles)
        {
            if (!RolePattern().IsMatch(role ?? ""))
            {
                violations.Add(new RuleViolation("appRoles", role,
                    "use 1-120 letters, digits or '.', '-', '_', ':', starting with a letter or digit, such as " +
                    "Orders.Read"));
            }
        }

        foreach (var duplicate in roles.Where(r => r is not null).GroupBy(r => r, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Count() > 1))
        {
            violations.Add(new RuleViolation("appRoles", duplicate.Key, "name each app role once (ignoring case)"));
        }

        return violations;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:-]{0,119}$")]
    private static partial Regex RolePattern();
}
