using Tessera.Domain.FederatedCredentials;
using Tessera.Domain.FederatedCredentials.Expressions;
using Tessera.Domain.Identities;
using Tessera.Domain.Rules;
using Tessera.Sts.Errors;
using Tessera.Tokens.Assertions;

namespace Tessera.Sts.Federation;

/// <summary>
/// Finds the federated credential an assertion satisfies: issuer first, then audience, then subject, each compared
/// exactly and case-sensitively; a flexible credential's claims matching expression stands in for the subject. The issuer step runs before the signature is checked, so its errors reveal
/// nothing about the identity's configuration; the audience and subject steps run only for assertions whose
/// signature verified against a trusted issuer, so their errors may name what is configured and the near misses.
/// </summary>
public static class FederatedCredentialMatcher
{
    /// <summary>The credentials trusting the assertion's issuer, or the error when there are none.</summary>
    public static bool TryMatchIssuer(
        ParsedAssertion assertion,
        Identity identity,
        IReadOnlyList<FederatedCredential> credentials,
        out IReadOnlyList<FederatedCredential> byIssuer,
        out StsError? error)
    {
        error = null;
        byIssuer = [.. credentials.Where(c => c.Issuer == assertion.Issuer)];
        if (credentials.Count == 0)
        {
            error = StsError.Of(70025,
                $"The identity with client ID {identity.ClientId} has no federated identity credentials, so no " +
                "assertion can sign in as it. An administrator can add one with 'tessera credential create'.");
            return false;
        }

        if (byIssuer.Count == 0)
        {
            error = StsError.Of(700211,
                $"No federated identity credential of the identity with client ID {identity.ClientId} trusts issuer " +
                $"'{assertion.Issuer}' (the assertion's 'iss'). An administrator can compare the token with the " +
                "configured credentials using 'tessera explain'.");
            return false;
        }

        return true;
    }

    /// <summary>A configured issuer that differs from the assertion's only by a trailing slash or letter case.</summary>
    public static FederatedCredential? NearMissIssuer(ParsedAssertion assertion, IReadOnlyList<FederatedCredential> credentials) =>
        credentials.FirstOrDefault(c => c.Issuer.TrimEnd('/') == assertion.Issuer.TrimEnd('/'))
        ?? credentials.FirstOrDefault(c => string.Equals(c.Issuer, assertion.Issuer, StringComparison.OrdinalIgnoreCase));

    /// <summary>The 700211 error for a verified assertion whose issuer is a near miss of a configured one.</summary>
    public static StsError NearMissError(ParsedAssertion assertion, Identity identity, FederatedCredential nearMiss)
    {
        var difference = nearMiss.Issuer.TrimEnd('/') == assertion.Issuer.TrimEnd('/')
            ? "differs only by a trailing slash"
            : "differs only in letter case";
        return StsError.Of(700211,
            $"No federated identity credential of the identity with client ID {identity.ClientId} trusts issuer " +
            $"'{assertion.Issuer}'. Credential '{nearMiss.Name}' has issuer '{nearMiss.Issuer}', which {difference}: " +
            "the issuer must be written exactly as the token's 'iss'.");
    }

    /// <summary>
    /// Among credentials trusting the assertion's verified issuer, the one whose audience and subject match.
    /// </summary>
    public static bool TryMatchAudienceAndSubject(
        ParsedAssertion assertion,
        Identity identity,
        IReadOnlyList<FederatedCredential> byIssuer,
        out FederatedCredential? match,
        out StsError? error)
    {
        match = null;
        error = null;
        var who = $"identity '{identity.Name}' (client ID {identity.ClientId})";
        var byAudience = byIssuer.Where(c => assertion.Audiences.Contains(c.Audience, StringComparer.Ordinal)).ToList();
        if (byAudience.Count == 0)
        {
            error = StsError.Of(700212,
                $"The assertion's audience {List(assertion.Audiences)} matches no federated identity credential " +
                $"of the {who} for issuer '{assertion.Issuer}'; they expect {List(byIssuer.Select(c => c.Audience))}. " +
                "Request the workload token with that audience.");
            return false;
        }

        match = byAudience.FirstOrDefault(c => c.Subject is not null && c.Subject == assertion.Subject);
        var flexible = byAudience.Where(c => c.IsFlexible)
            .Select(c => (Credential: c, Result: CredentialExpressions.Of(c).Evaluate(assertion.Claims))).ToList();
        match ??= flexible.FirstOrDefault(f => f.Result.Matched).Credential;
        if (match is not null)
        {
            return true;
        }

        var caseOnly = byAudience.FirstOrDefault(c => c.Subject is not null
            && string.Equals(c.Subject, assertion.Subject, StringComparison.OrdinalIgnoreCase));
        if (caseOnly is not null)
        {
            error = StsError.Of(7002138,
                $"The assertion's subject '{assertion.Subject}' matches federated identity credential " +
                $"'{caseOnly.Name}' (subject '{caseOnly.Subject}') only when letter case is ignored; subjects are " +
                "compared case-sensitively.");
            return false;
        }

        var classic = byAudience.Where(c => c.Subject is not null).ToList();
        var subjects = classic.Count == 0
            ? ""
            : $" Configured subjects for this issuer: {List(classic.Select(c => c.Subject!))}." +
              SubjectHint(assertion.Subject, classic);
        error = StsError.Of(700213,
            $"No federated identity credential of the {who} for issuer '{assertion.Issuer}' matches the assertion's " +
            $"subject '{assertion.Subject}'.{subjects}{NearestExpression(flexible)} Matching is exact and " +
            "case-sensitive.");
        return false;
    }

    /// <summary>
    /// The flexible credential that came nearest (the most terms held before one failed), and the term that failed
    /// with what the token holds instead.
    /// </summary>
    private static string NearestExpression(List<(FederatedCredential Credential, ExpressionResult Result)> flexible)
    {
        if (flexible.Count == 0)
        {
            return "";
        }

        var (credential, result) = flexible.MaxBy(f => f.Result.FailedTermNumber);
        var terms = CredentialExpressions.Of(credential).Terms.Count;
        return $" Nearest claims matching expression: credential '{credential.Name}', whose term " +
            $"{result.FailedTermNumber} of {terms} ({Printable.Quote(result.FailedTerm!.Source, 300)}) does not " +
            $"hold: {result.Finding}." +
            (flexible.Count > 1 ? $" ({flexible.Count} credentials with expressions were tried.)" : "");
    }

    private static string SubjectHint(string subject, IReadOnlyList<FederatedCredential> candidates)
    {
        const string prefix = "system:serviceaccount:";
        if (!subject.StartsWith(prefix, StringComparison.Ordinal))
        {
            return "";
        }

        var name = subject.Split(':').LastOrDefault();
        var sameName = candidates.FirstOrDefault(c => c.Subject is not null &&
            c.Subject.StartsWith(prefix, StringComparison.Ordinal) && c.Subject.Split(':').LastOrDefault() == name);
        return sameName is null
            ? ""
            : $" Credential '{sameName.Name}' trusts service account '{name}' in another namespace " +
              $"('{sameName.Subject}').";
    }

    private static string List(IEnumerable<string> values) =>
        string.Join(", ", values.Distinct(StringComparer.Ordinal).Take(20).Select(v => $"'{v}'"));
}
