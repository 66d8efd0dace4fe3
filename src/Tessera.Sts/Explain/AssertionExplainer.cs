using System.Globalization;
using Tessera.Domain.FederatedCredentials;
using Tessera.Domain.Identities;
using Tessera.Storage;
using Tessera.Sts.Federation;
using Tessera.Tokens.Assertions;

namespace Tessera.Sts.Explain;

/// <summary>
/// Walks an assertion through every check the STS would make, without trusting it and without stopping at the
/// first failure where later checks still say something useful. For administrators: unlike the token endpoint,
/// it shows the identity's configuration and the nearest federated credential.
/// </summary>
public sealed class AssertionExplainer(
    IDirectoryStore store,
    IIssuerKeySource issuerKeys,
    AssertionValidator validator,
    StsUrls urls,
    StsOptions options,
    Replay.AssertionReplayGuard replay,
    TimeProvider time)
{
    /// <param name="identity">The identity to sign in as; when null, every identity of the tenant is considered and
    /// the nearest credential wins.</param>
    public async Task<Explanation> ExplainAsync(
        string assertionText, Identity? identity, Guid tenantId, CancellationToken cancellationToken)
    {
        var steps = new List<ExplanationStep>();
        ParsedAssertion assertion;
        try
        {
            assertion = AssertionParser.Parse(assertionText, validator.Limits);
            steps.Add(new("token format", true, $"{assertion.Algorithm} signed JWT, kid '{assertion.KeyId}', iss " +
                $"'{assertion.Issuer}', sub '{assertion.Subject}', aud {string.Join(", ", assertion.Audiences)}"));
        }
        catch (AssertionRejectedException ex)
        {
            steps.Add(new("token format", false, ex.Message));
            return new Explanation(steps, false, identity?.ClientId, null);
        }

        if (urls.IsOwnIssuer(assertion.Issuer))
        {
            steps.Add(new("issuer", false, "this is an access token of Tessera itself (AADSTS700222), not a workload token"));
        }

        var (owner, credential) = await NearestCredentialAsync(assertion, identity, tenantId, steps, cancellationToken);
        await CheckKeysAndSignatureAsync(assertion, steps, cancellationToken);
        CheckTimes(assertion, steps);
        await CheckReplayProtectionAsync(assertion, steps, cancellationToken);
        return new Explanation(steps, steps.All(s => s.Passed), owner?.ClientId, credential?.Name);
    }

    private async Task<(Identity? Owner, FederatedCredential? Credential)> NearestCredentialAsync(
        ParsedAssertion assertion, Identity? identity, Guid tenantId, List<ExplanationStep> steps,
        CancellationToken cancellationToken)
    {
        var identities = identity is not null ? [identity] : await store.ListIdentitiesAsync(tenantId, cancellationToken);
        var candidates = new List<(Identity Identity, FederatedCredential Credential)>();
        foreach (var candidate in identities)
        {
            foreach (var credential in await store.ListFederatedCredentialsAsync(candidate.ClientId, cancellationToken))
            {
                candidates.Add((candidate, credential));
            }
        }

        if (candidates.Count == 0)
        {
            steps.Add(new("federated credential", false, identity is null
                ? "no identity of the tenant has a federated credential"
                : $"identity '{identity.Name}' has no federated credentials (AADSTS70025)"));
            return (identity, null);
        }

        var nearest = candidates.MinBy(c => CredentialComparison.Distance(c.Credential, assertion));
        var differences = CredentialComparison.Differences(nearest.Credential, assertion);
        var where = $"credential '{nearest.Credential.Name}' of identity '{nearest.Identity.Name}' ({nearest.Identity.ClientId})";
        steps.Add(differences.Count == 0
            ? new("federated credential", true, $"matches {where}")
            : new("federated credential", false, $"nearest is {where}; {string.Join("; ", differences)}"));
        return (nearest.Identity, nearest.Credential);
    }

    private async Task CheckKeysAndSignatureAsync(
        ParsedAssertion assertion, List<ExplanationStep> steps, CancellationToken cancellationToken)
    {
        Tokens.KeySets.IssuerKeySet keys;
        try
        {
            keys = await issuerKeys.GetKeysAsync(assertion.Issuer, assertion.KeyId, cancellationToken);
            steps.Add(new("discovery and keys", true,
                (keys.UploadedAt is { } uploadedAt
                    ? $"uploaded by an administrator for '{assertion.Issuer}' at {uploadedAt:u}, not fetched"
                    : $"fetched from '{assertion.Issuer}'") + $": {keys.Keys.Count} usable key(s)" +
                (keys.RefusedKeys.Count == 0 ? "" : $", {keys.RefusedKeys.Count} refused by key policy")));
        }
        catch (IssuerFetchException ex)
        {
            steps.Add(new("discovery and keys", false, ex.Message));
            steps.Add(new("signature", false, "not checked: the issuer's keys could not be obtained"));
            return;
        }

        try
        {
            validator.VerifySignature(assertion, keys, options.IssuerAlgorithms);
            steps.Add(new("signature", true, $"verified with key '{assertion.KeyId}'"));
        }
        catch (AssertionRejectedException ex)
        {
            steps.Add(new("signature", false, ex.Message));
        }
    }

    private void CheckTimes(ParsedAssertion assertion, List<ExplanationStep> steps)
    {
        try
        {
            validator.CheckTimes(assertion);
            var left = assertion.ExpiresAtTime - time.GetUtcNow();
            steps.Add(new("time window", true, $"valid from {Format(assertion.NotBeforeTime ?? assertion.IssuedAtTime)} " +
                $"until {Format(assertion.ExpiresAtTime)} ({left.TotalMinutes.ToString("0", CultureInfo.InvariantCulture)} " +
                "minutes left)"));
        }
        catch (AssertionRejectedException ex)
        {
            steps.Add(new("time window", false, ex.Message));
        }
    }

    /// <summary>Says whether the issuer's assertions are accepted once; never records this one's use.</summary>
    private async Task CheckReplayProtectionAsync(
        ParsedAssertion assertion, List<ExplanationStep> steps, CancellationToken cancellationToken)
    {
        var settings = await replay.SettingsAsync(assertion.Issuer, cancellationToken);
        if (!settings.ReplayProtection)
        {
            steps.Add(new("replay protection", true, "off for this issuer: the assertion may be exchanged until it " +
                "expires"));
            return;
        }

        steps.Add(Replay.AssertionReplayGuard.CheckJwtId(assertion, settings) is { } error
            ? new("replay protection", false, $"on for this issuer, and the token has no 'jti' (AADSTS{error.Code})")
            : new("replay protection", true, $"on for this issuer: jti '{Domain.Rules.Printable.Quote(assertion.JwtId!, 80)}' " +
                "is accepted once (not checked here, so explaining does not use the assertion up)"));
    }

    private static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
