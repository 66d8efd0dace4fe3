using Tessera.Domain.FederatedCredentials;
using Tessera.Sts.Federation;
using Tessera.Tokens.Assertions;

namespace Tessera.Sts.Explain;

/// <summary>
/// How far an assertion is from a federated credential: each of issuer, audience and subject compared exactly (or,
/// for a flexible credential, the claims matching expression evaluated), with the kind of near miss spelled out.
/// </summary>
public static class CredentialComparison
{
    /// <summary>The differences, empty when the credential matches.</summary>
    public static IReadOnlyList<string> Differences(FederatedCredential credential, ParsedAssertion assertion)
    {
        var differences = new List<string>();
        if (credential.Issuer != assertion.Issuer)
        {
            differences.Add($"issuer: token has '{assertion.Issuer}', credential has '{credential.Issuer}'" +
                NearMiss(credential.Issuer, assertion.Issuer));
        }

        if (!assertion.Audiences.Contains(credential.Audience, StringComparer.Ordinal))
        {
            differences.Add($"audience: token has {string.Join(", ", assertion.Audiences.Select(a => $"'{a}'"))}, " +
                $"credential expects '{credential.Audience}'" +
                (assertion.Audiences.Any(a => string.Equals(a, credential.Audience, StringComparison.OrdinalIgnoreCase))
                    ? " (differs only in letter case)"
                    : ""));
        }

        if (credential.IsFlexible)
        {
            var result = CredentialExpressions.Of(credential).Evaluate(assertion.Claims);
            if (!result.Matched)
            {
                differences.Add($"claims matching expression: term {result.FailedTermNumber} of " +
                    $"{CredentialExpressions.Of(credential).Terms.Count} ({result.FailedTerm!.Source}) does not hold: " +
                    result.Finding);
            }
        }
        else if (credential.Subject != assertion.Subject)
        {
            differences.Add($"subject: token has '{assertion.Subject}', credential has '{credential.Subject}'" +
                SubjectNearMiss(credential.Subject!, assertion.Subject));
        }

        return differences;
    }

    /// <summary>Fewer differences first, and among equals the issuer matching counts most.</summary>
    public static int Distance(FederatedCredential credential, ParsedAssertion assertion) =>
        (credential.Issuer == assertion.Issuer ? 0 : 4)
        + (assertion.Audiences.Contains(credential.Audience, StringComparer.Ordinal) ? 0 : 2)
        + (SubjectOrClaimsMatch(credential, assertion) ? 0 : 1);

    private static bool SubjectOrClaimsMatch(FederatedCredential credential, ParsedAssertion assertion) =>
        credential.IsFlexible
            ? CredentialExpressions.Of(credential).Evaluate(assertion.Claims).Matched
            : credential.Subject == assertion.Subject;

    private static string NearMiss(string configured, string presented)
    {
        if (configured.TrimEnd('/') == presented.TrimEnd('/'))
        {
            return " (differs only by a trailing slash)";
        }

        return string.Equals(configured, presented, StringComparison.OrdinalIgnoreCase) ? " (differs only in letter case)" : "";
    }

    private static string SubjectNearMiss(string configured, string presented)
    {
        if (string.Equals(configured, presented, StringComparison.OrdinalIgnoreCase))
        {
            return " (differs only in letter case)";
        }

        var a = configured.Split(':');
        var b = presented.Split(':');
        if (a.Length == 4 && b.Length == 4 && a[0] == "system" && b[0] == "system" && a[1] == b[1])
        {
            if (a[3] == b[3] && a[2] != b[2])
            {
                return $" (same service account, namespace '{b[2]}' instead of '{a[2]}')";
            }

            if (a[2] == b[2] && a[3] != b[3])
            {
                return $" (same namespace, service account '{b[3]}' instead of '{a[3]}')";
            }
        }

        return configured.Trim() == presented.Trim() ? " (differs only by surrounding whitespace)" : "";
    }
}
