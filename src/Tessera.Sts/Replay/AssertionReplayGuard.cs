using Tessera.Domain.Issuers;
using Tessera.Storage;
using Tessera.Sts.Errors;
using Tessera.Tokens.Assertions;

namespace Tessera.Sts.Replay;

/// <summary>
/// Replay protection for issuers whose settings ask for it: an assertion is exchanged once while it is valid. Two
/// steps, so a request refused for another reason (an unknown resource, say) does not use the assertion up: whether
/// the assertion can be protected at all (it has a <c>jti</c>) is checked with the credential; its use is recorded
/// just before the access token is issued. Both refusals are AADSTS50027, the code of an unusable assertion.
/// </summary>
public sealed class AssertionReplayGuard(IDirectoryStore store, StsOptions options)
{
    public const int ErrorCode = 50027;

    /// <summary>The issuer's settings, from the directory cache; the defaults when it has none.</summary>
    public async Task<TrustedIssuerSettings> SettingsAsync(string issuer, CancellationToken cancellationToken) =>
        (await store.ListTrustedIssuerSettingsAsync(cancellationToken)).FirstOrDefault(s => s.Issuer == issuer)
        ?? TrustedIssuerSettings.Defaults(issuer);

    /// <summary>Refuses an assertion without a <c>jti</c> when the issuer is protected; null when it may proceed.</summary>
    public static StsError? CheckJwtId(ParsedAssertion assertion, TrustedIssuerSettings settings)
    {
        if (!settings.ReplayProtection || !string.IsNullOrEmpty(assertion.JwtId))
        {
            return null;
        }

        return StsError.Of(ErrorCode, $"The client assertion has no 'jti' claim, and issuer '{assertion.Issuer}' " +
            "has replay protection on, which accepts each assertion (its 'iss' and 'jti') once. Have the issuer " +
            "put a unique 'jti' in its tokens, or turn replay protection off for it: tessera trusted-issuer set " +
            $"--issuer '{assertion.Issuer}' --replay-protection off.");
    }

    /// <summary>Records the assertion's use, or refuses it when it was used before; null when it may proceed.</summary>
    public async Task<StsError?> RecordUseAsync(
        ParsedAssertion assertion, TrustedIssuerSettings settings, CancellationToken cancellationToken)
    {
        if (!settings.ReplayProtection)
        {
            return null;
        }

        // Kept as long as the validator could still accept the assertion: until its exp plus the allowed skew.
        var keepUntil = assertion.ExpiresAtTime + options.Assertions.ClockSkew;
        if (await store.TryRecordAssertionUseAsync(assertion.Issuer, assertion.JwtId!, keepUntil, cancellationToken))
        {
            return null;
        }

        var jwtId = Domain.Rules.Printable.Quote(assertion.JwtId!, 80);
        return StsError.Of(ErrorCode, $"The client assertion with jti '{jwtId}' from issuer '{assertion.Issuer}' " +
            "was already exchanged, and this issuer has replay protection on: each assertion " +
            "is accepted once until it expires. Request a new token from the issuer for each sign-in.");
    }
}
