using System.Text.RegularExpressions;
using Tessera.Domain.Rules;

namespace Tessera.Domain.Identities;

/// <summary>Rules an identity must satisfy before it is written.</summary>
public static partial class IdentityRules
{
    public const int MaxIdentifierUriLength = 600;

    public static IReadOnlyList<RuleViolation> Validate(IdentityDraft draft)
    {
        var violations = new List<RuleViolation>();

        if (string.IsNullOrEmpty(draft.Name))
        {
            violations.Add(new RuleViolation("name", null, "an identity needs a name"));
        }
        else if (!NamePattern().IsMatch(draft.Name))
        {
            violations.Add(new RuleViolation("name", draft.Name,
                "use 3-128 letters, digits, '-' or '_', starting with a letter or digit"));
        }

        IdentityKind kind = IdentityKind.ManagedIdentity;
        if (draft.Kind is not null && !IdentityKinds.TryParse(draft.Kind, out kind))
        {
            violations.Add(new RuleViolation("kind", draft.Kind,
                $"use '{IdentityKinds.ManagedIdentity}' or '{IdentityKinds.AppRegistration}'"));
        }

        if (draft.IdentifierUri is not null)
        {
            if (kind != IdentityKind.AppRegistration)
            {
                violations.Add(new RuleViolation("identifierUri", draft.IdentifierUri,
                    "only app registrations can be resources; create it with kind 'app-registration'"));
            }
            else
            {
                violations.AddRange(ValidateIdentifierUri(draft.IdentifierUri));
            }
        }

        if (draft.AccessTokenVersion is { } version && version is not (1 or 2))
        {
            violations.Add(new RuleViolation("accessTokenVersion", version.ToString(
                System.Globalization.CultureInfo.InvariantCulture), "use 1 or 2"));
        }

        return violations;
    }

    private static IEnumerable<RuleViolation> ValidateIdentifierUri(string uri)
    {
        if (uri.Length > MaxIdentifierUriLength)
        {
            yield return new RuleViolation("identifierUri", uri,
                $"use at most {MaxIdentifierUriLength} characters (received {uri.Length})");
            yield break;
        }

        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || !string.IsNullOrEmpty(parsed.Query)
            || !string.IsNullOrEmpty(parsed.Fragment) || uri.Any(char.IsWhiteSpace))
        {
            yield return new RuleViolation("identifierUri", uri,
                "use an absolute URI without query, fragment or spaces, such as 'api://orders'");
            yield break;
        }

        if (string.Equals(uri, Roles.TesseraRoles.AdminResource, StringComparison.OrdinalIgnoreCase))
        {
            yield return new RuleViolation("identifierUri", uri,
                "it names Tessera's own admin API; choose another identifier URI");
            yield break;
        }

        if (uri.EndsWith("/.default", StringComparison.Ordinal) || uri.EndsWith('/'))
        {
            yield return new RuleViolation("identifierUri", uri,
                "give the resource itself, without a trailing '/' or '/.default'");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{2,127}$")]
    private static partial Regex NamePattern();
}
