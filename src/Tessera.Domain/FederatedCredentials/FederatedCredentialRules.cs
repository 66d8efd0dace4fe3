using System.Text.RegularExpressions;
using Tessera.Domain.FederatedCredentials.Expressions;
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
        CheckSubjectOrExpression(draft, violations);
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

        CheckDuplicate(draft, existing, violations);
        return violations;
    }

    /// <summary>The violations of <paramref name="issuer"/> alone, as a federated credential's issuer.</summary>
    public static IReadOnlyList<RuleViolation> ValidateIssuer(string? issuer, FederatedCredentialPolicy policy)
    {
        var violations = new List<RuleViolation>();
        CheckIssuer(issuer, policy, violations);
        return violations;
    }

    /// <summary>The one audience of a valid draft: the one given, or the default when none was.</summary>
    public static string AudienceOf(FederatedCredentialDraft draft) =>
        draft.Audiences is null ? DefaultAudience : draft.Audiences[0];

    private static void CheckSubjectOrExpression(FederatedCredentialDraft draft, List<RuleViolation> violations)
    {
        if (draft.ClaimsMatchingExpression is null)
        {
            if (draft.LanguageVersion is not null)
            {
                violations.Add(new RuleViolation("claimsMatchingExpression.languageVersion",
                    draft.LanguageVersion.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "a language version goes with a claimsMatchingExpression; send neither with a subject"));
            }

            CheckRequiredText("subject", draft.Subject, violations);
            return;
        }

        if (draft.Subject is not null)
        {
            violations.Add(new RuleViolation("claimsMatchingExpression", draft.ClaimsMatchingExpression,
                "give either a subject or a claimsMatchingExpression, not both; the expression can test " +
                "claims['sub'] itself"));
            return;
        }

        CheckExpression(draft.ClaimsMatchingExpression, draft.LanguageVersion, violations);
    }

    private static void CheckExpression(string expression, int? languageVersion, List<RuleViolation> violations)
    {
        const string field = "claimsMatchingExpression";
        if (languageVersion is { } version && version != ClaimsExpression.LanguageVersion)
        {
            violations.Add(new RuleViolation($"{field}.languageVersion",
                version.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"the only language version is {ClaimsExpression.LanguageVersion}"));
            return;
        }

        if (!CheckOptionalText(field, expression, violations))
        {
            return;
        }

        try
        {
            ClaimsExpression.Parse(expression);
        }
        catch (ExpressionSyntaxException ex)
        {
            violations.Add(new RuleViolation(field, expression, ex.Message, $"{field}: {ex.Message}"));
        }
    }

    private static void CheckDuplicate(
        FederatedCredentialDraft draft, IReadOnlyCollection<FederatedCredential> existing, List<RuleViolation> violations)
    {
        var sameIssuer = existing.Where(c => string.Equals(c.Issuer, draft.Issuer, StringComparison.Ordinal)).ToList();
        if (draft.ClaimsMatchingExpression is null)
        {
            var duplicate = sameIssuer.FirstOrDefault(c => c.Subject is not null
                && string.Equals(c.Subject, draft.Subject, StringComparison.Ordinal));
            if (duplicate is not null)
            {
                violations.Add(new RuleViolation("subject", draft.Subject,
                    $"credential '{duplicate.Name}' already trusts this issuer and subject; " +
                    "issuer and subject together must be unique per identity"));
            }

            return;
        }

        var twin = sameIssuer.FirstOrDefault(c =>
            string.Equals(c.ClaimsMatchingExpression, draft.ClaimsMatchingExpression, StringComparison.Ordinal));
        if (twin is not null)
        {
            violations.Add(new RuleViolation("claimsMatchingExpression", draft.ClaimsMatchingExpression,
                $"credential '{twin.Name}' already trusts this issuer with the same expression; issuer and " +
                "expression together must be unique per identity"));
        }
    }

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
                : $"a federated credential needs {Article(field)} {field}" +
                    (field == "subject" ? " (or, for a flexible credential, a claimsMatchingExpression)" : "")));
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

        // Surrounding spaces could never match a token's value exactly; an expression's are only layout.
        if (field is not ("description" or "claimsMatchingExpression") && value.Trim().Length != value.Length)
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
