using Tessera.Domain.FederatedCredentials;
using Tessera.Domain.Identities;
using Tessera.Sts.Errors;
using Tessera.Tokens.Assertions;

namespace Tessera.Sts.Federation;

/// <summary>
/// Finds the federated credential an assertion claims to satisfy: issuer first, then audience, then subject, each
/// compared exactly and case-sensitively. When none matches, the error names the first property that failed, the
/// value received, the values configured, and near misses (trailing slash, letter case, namespace).
/// </summary>
public static class FederatedCredentialMatcher
{
    public static bool TryMatch(
        ParsedAssertion assertion,
        Identity identity,
        IReadOnlyList<FederatedCredential> credentials,
        out FederatedCredential? match,
        out StsError? error)
    {
        match = null;
        error = null;
        var who = $"identity '{identity.Name}' (client ID {identity.ClientId})";
        if (credentials.Count == 0)
        {
            error = StsError.Of(70025,
                $"The {who} has no federated identity credentials, so no assertion can sign in as it. Create one " +
                $"with: tessera credential create --identity {identity.ClientId} --name NAME --issuer " +
                $"'{assertion.Issuer}' --subject '{assertion.Subject}'.");
            return false;
        }

        var byIssuer = credentials.Where(c => c.Issuer == assertion.Issuer).ToList();
        if (byIssuer.Count == 0)
        {
            error = StsError.Of(700211,
                $"No federated identity credential of the {who} has issuer '{assertion.Issuer}' (the assertion's " +
                $"'iss'). Configured issuers: {List(credentials.Select(c => c.Issuer))}.{IssuerHint(assertion.Issuer, credentials)}");
            return false;
        }

        var byAudience = byIssuer.Where(c => assertion.Audiences.Contains(c.Audience, StringComparer.Ordinal)).ToList();
        if (byAudience.Count == 0)
        {
            error = StsError.Of(700212,
                $"The assertion's audience {List(assertion.Audiences)} matches no federated identity credential " +
                $"of the {who} for issuer '{assertion.Issuer}'; they expect {List(byIssuer.Select(c => c.Audience))}. " +
                "Request the workload token with that audience.");
            return false;
        }

        match = byAudience.FirstOrDefault(c => c.Subject == assertion.Subject);
        if (match is not null)
        {
            return true;
        }

        var caseOnly = byAudience.FirstOrDefault(c =>
            string.Equals(c.Subject, assertion.Subject, StringComparison.OrdinalIgnoreCase));
        if (caseOnly is not null)
        {
            error = StsError.Of(7002138,
                $"The assertion's subject '{assertion.Subject}' matches federated identity credential " +
                $"'{caseOnly.Name}' (subject '{caseOnly.Subject}') only when letter case is ignored; subjects are " +
                "compared case-sensitively.");
            return false;
        }

        error = StsError.Of(700213,
            $"No federated identity credential of the {who} for issuer '{assertion.Issuer}' matches the assertion's " +
            $"subject '{assertion.Subject}'. Configured subjects for this issuer: " +
            $"{List(byAudience.Select(c => c.Subject))}.{SubjectHint(assertion.Subject, byAudience)} Matching is " +
            "exact and case-sensitive.");
        return false;
    }

    private static string IssuerHint(string issuer, IReadOnlyList<FederatedCredential> credentials)
    {
        var slash = credentials.FirstOrDefault(c => c.Issuer.TrimEnd('/') == issuer.TrimEnd('/'));
        if (slash is not null)
        {
            return $" Credential '{slash.Name}' has '{slash.Issuer}', which differs only by a trailing slash: " +
                "the issuer must be written exactly as the token's 'iss'.";
        }

        var letterCase = credentials.FirstOrDefault(c => string.Equals(c.Issuer, issuer, StringComparison.OrdinalIgnoreCase));
        return letterCase is null
            ? ""
            : $" Credential '{letterCase.Name}' has '{letterCase.Issuer}', which differs only in letter case.";
    }

    private static string SubjectHint(string subject, IReadOnlyList<FederatedCredential> candidates)
    {
        const string prefix = "system:serviceaccount:";
        if (!subject.StartsWith(prefix, StringComparison.Ordinal))
        {
            return "";
        }

        var name = subject.Split(':').LastOrDefault();
        var sameName = candidates.FirstOrDefault(c =>
            c.Subject.StartsWith(prefix, StringComparison.Ordinal) && c.Subject.Split(':').LastOrDefault() == name);
        return sameName is null
            ? ""
            : $" Credential '{sameName.Name}' trusts service account '{name}' in another namespace " +
              $"('{sameName.Subject}').";
    }

    private static string List(IEnumerable<string> values) =>
        string.Join(", ", values.Distinct(StringComparer.Ordinal).Take(20).Select(v => $"'{v}'"));
}
