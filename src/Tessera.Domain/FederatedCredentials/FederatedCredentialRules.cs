using System.Text.RegularExpressions;
using Tessera.Domain.Issuers;
using Tessera.Domain.Rules;

namespace Tessera.Domain.FederatedCredentials;

/// <summary>
/// Every rule a federated credential must satisfy, in the limits Entra ID applies, so that a credential accepted
/// here would also be accepted there.
/// </summary>
public static partial class FederatedCredentialRules
{
    public const int MaxPerIdentity = 20;
    public const int MaxValueLength = 600;
    public const string DefaultAudience = "api://AzureADTokenExchange";

    /// <summary>
    /// Validates <paramref name="draft"/> against itself and against the credentials the identity already has.
    /// Returns every violation, not only the first, so a caller can fix them all at once.
    /// </summary>
    public static IReadOnlyList<RuleViolation> Validate(
        FederatedCredentialDraft draft,
        IReadOnlyCollection<FederatedCredential> existing,
        FederatedCredentialPolicy policy)
    {
        var violations = new List<RuleViolation>();

        CheckName(draft.Name, existing, violations);
        CheckIssuer(draft.Issuer, policy, violations);
        CheckRequiredText("subject", draft.Subject, violations);
        CheckAudiences(draft.Audiences, violations);
        CheckOptionalText("description", draft.Description, violations);

        if (existing.Count >= MaxPerIdentity)
        {
            violations.Add(new RuleViolation("federatedCredentials", existing.Count.ToString(
                System.Globalization.CultureInfo.InvariantCulture),
                $"an identity holds at most {MaxPerIdentity} federated credentials; delete one first",
                $"The identity already has {existing.Count} federated credentials, the most it may hold; delete one " +
                "before adding another."));
        }

        var duplicate = existing.FirstOrDefault(c =>
            string.Equals(c.Issuer, draft.Issuer, StringComparison.Ordinal)
            && string.Equals(c.Subject, draft.Subject, StringComparison.Ordinal));
        if (duplicate is not null)
        {
            violations.Add(new RuleViolation("subject", draft.Subject,
                $"credential '{duplicate.Name}' already trusts this issuer and subject; " +
                "issuer and subject together must be unique per identity"));
        }

        return violations;
    }

    /// <summary>The one audience of a valid draft: the one given, or the default when none was.</summary>
    public static string AudienceOf(FederatedCredentialDraft draft) =>
        draft.Audiences is null ? DefaultAudience : draft.Audiences[0];

    private static void CheckName(
        string? name, IReadOnlyCollection<FederatedCredential> existing, List<RuleViolation> violations)
    {
        if (string.IsNullOrEmpty(name))
        {
            violations.Add(new RuleViolation("name", null, "a federated credential needs a name"));
            return;
        }

        if (!NamePattern().IsMatch(name))
        {
            violations.Add(new RuleViolation("name", name,
                "use 3-120 letters, digits, '-' or '_', starting with a letter or digit"));
            return;
        }

        if (existing.Any(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            violations.Add(new RuleViolation("name", name,
                "the identity already has a federated credential of this name; names are unique per identity " +
                "and cannot be changed"));
        }
    }

    private static void CheckIssuer(string? issuer, FederatedCredentialPolicy policy, List<RuleViolation> violations)
    {
        if (!CheckRequiredText("issuer", issuer, violations))
        {
            return;
        }

        if (IssuerUrlRule.Problem(issuer!) is { } problem)
        {
            violations.Add(new RuleViolation("issuer", issuer, problem));
            return;
        }

        if (policy.ReservedReason(issuer!) is { } reason)
        {
            violations.Add(new RuleViolation("issuer", issuer,
                $"{reason}, and an access token cannot be exchanged for another (AADSTS700222)"));
        }
    }

    private static void CheckAudiences(IReadOnlyList<string>? audiences, List<RuleViolation> violations)
    {
        if (audiences is null)
        {
            return;
        }

        if (audiences.Count != 1)
        {
            violations.Add(new RuleViolation("audiences", string.Join(",", audiences),
                $"give exactly one audience (received {audiences.Count}); the usual one is '{DefaultAudience}'"));
            return;
        }

        CheckRequiredText("audiences", audiences[0], violations);
    }

    private static bool CheckRequiredText(string field, string? value, List<RuleViolation> violations)
    {
        if (string.IsNullOrEmpty(value))
        {
            violations.Add(new RuleViolation(field, null, field == "audiences"
                ? "give exactly one audience, usually 'api://AzureADTokenExchange'"
                : $"a federated credential needs {Article(field)} {field}"));
            return false;
        }

        return CheckOptionalText(field, value, violations);
    }

    private static bool CheckOptionalText(string field, string? value, List<RuleViolation> violations)
    {
        if (value is null)
        {
            return true;
        }

        if (value.Length > MaxValueLength)
        {
            violations.Add(new RuleViolation(field, value,
                $"use at most {MaxValueLength} characters (received {value.Length})"));
            return false;
        }

        if (Printable.HasControlCharacters(value))
        {
            violations.Add(new RuleViolation(field, value,
                "remove the control characters (tabs, escapes, line breaks): they are never part of a real value"));
            return false;
        }

        if (field != "description" && value.Trim().Length != value.Length)
        {
            violations.Add(new RuleViolation(field, value,
                "remove the leading or trailing whitespace: matching is exact, so it could never match a token"));
            return false;
        }

        return true;
    }

    private static string Article(string field) => field.StartsWith('a') || field.StartsWith('i') ? "an" : "a";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{2,119}$")]
    private static partial Regex NamePattern();
}
