using System.Globalization;
using System.Text;
using Tessera.Tokens.Jwt;
using Tessera.Tokens.KeySets;

namespace Tessera.Tokens.Assertions;

/// <summary>
/// The one place an external token is judged: its signature against the issuer's own keys, and its times against
/// the clock. Callers parse with <see cref="AssertionParser"/> first and pick the issuer from a matching federated
/// credential, so keys are always bound to the issuer that published them.
/// </summary>
public sealed class AssertionValidator(TimeProvider time, AssertionLimits limits)
{
    public AssertionLimits Limits { get; } = limits;

    /// <summary>
    /// Checks the signature with the key named by the token's <c>kid</c>, from <paramref name="keys"/> only.
    /// There is deliberately no fallback to trying other keys.
    /// </summary>
    public void VerifySignature(ParsedAssertion assertion, IssuerKeySet keys, IReadOnlyCollection<string> allowedAlgorithms)
    {
        if (!allowedAlgorithms.Contains(assertion.Algorithm))
        {
            throw new AssertionRejectedException(AssertionProblem.UnsupportedAlgorithm,
                $"The assertion is signed with {assertion.Algorithm}; this issuer is allowed only " +
                $"{string.Join(", ", allowedAlgorithms)}.");
        }

        var key = FindKey(assertion, keys);
        if (key.DeclaredAlgorithm is { } declared && declared != assertion.Algorithm)
        {
            throw new AssertionRejectedException(AssertionProblem.KeyRefused,
                $"Key '{key.KeyId}' is published for {declared}, but the assertion says {assertion.Algorithm}.");
        }

        var neededType = SigningAlgorithms.KeyTypeFor(assertion.Algorithm);
        var neededCurve = SigningAlgorithms.CurveFor(assertion.Algorithm);
        if (key.KeyType != neededType || (neededCurve is not null && key.Curve != neededCurve))
        {
            throw new AssertionRejectedException(AssertionProblem.KeyRefused,
                $"Key '{key.KeyId}' is {key.KeyType}{(key.Curve is null ? "" : " " + key.Curve)}, which cannot " +
                $"verify {assertion.Algorithm}.");
        }

        var data = Encoding.ASCII.GetBytes(assertion.SigningInput);
        if (!SignatureVerifier.Verify(key.SecurityKey, assertion.Algorithm, data, assertion.Signature))
        {
            throw new AssertionRejectedException(AssertionProblem.BadSignature,
                $"The assertion's signature does not verify with key '{key.KeyId}' of issuer " +
                $"'{assertion.Issuer}'; the token was altered or signed by someone else.");
        }
    }

    /// <summary>Checks expiry, not-before, issued-at and the total lifetime against the current time.</summary>
    public void CheckTimes(ParsedAssertion assertion)
    {
        var now = time.GetUtcNow();
        var skew = Limits.ClockSkew;
        var validFrom = assertion.NotBeforeTime ?? assertion.IssuedAtTime;

        if (now > assertion.ExpiresAtTime + skew)
        {
            throw new AssertionRejectedException(AssertionProblem.Expired,
                $"The assertion has expired: current time {Format(now)}, valid from {Format(validFrom)}, " +
                $"expiry {Format(assertion.ExpiresAtTime)}. Refresh the token file and retry.");
        }

        var notBefore = assertion.NotBeforeTime is { } nbf && nbf > assertion.IssuedAtTime ? nbf : assertion.IssuedAtTime;
        if (now < notBefore - skew)
        {
            throw new AssertionRejectedException(AssertionProblem.NotYetValid,
                $"The assertion is not valid yet: current time {Format(now)}, valid from {Format(notBefore)}, " +
                $"expiry {Format(assertion.ExpiresAtTime)}. Check the issuer's clock.");
        }

        var lifetime = assertion.ExpiresAtTime - assertion.IssuedAtTime;
        if (lifetime > Limits.MaxLifetime)
        {
            throw new AssertionRejectedException(AssertionProblem.LifetimeTooLong,
                $"The assertion lives {lifetime.TotalHours.ToString("0.##", CultureInfo.InvariantCulture)} hours " +
                $"(iat {Format(assertion.IssuedAtTime)}, exp {Format(assertion.ExpiresAtTime)}); at most " +
                $"{Limits.MaxLifetime.TotalHours.ToString(CultureInfo.InvariantCulture)} hours are accepted.");
        }
    }

    private static IssuerKey FindKey(ParsedAssertion assertion, IssuerKeySet keys)
    {
        if (assertion.KeyId is null)
        {
            throw new AssertionRejectedException(AssertionProblem.UnknownKey,
                "The assertion's header has no 'kid'; Tessera selects the issuer's key by kid only.");
        }

        if (keys.Keys.TryGetValue(assertion.KeyId, out var key))
        {
            return key;
        }

        if (keys.RefusedKeys.TryGetValue(assertion.KeyId, out var reason))
        {
            throw new AssertionRejectedException(AssertionProblem.KeyRefused,
                $"Key '{assertion.KeyId}' of issuer '{assertion.Issuer}' was refused by key policy: {reason}.");
        }

        throw new AssertionRejectedException(AssertionProblem.UnknownKey,
            $"Issuer '{assertion.Issuer}' publishes no key with kid '{assertion.KeyId}' (published: " +
            $"{(keys.Keys.Count == 0 ? "none" : string.Join(", ", keys.Keys.Keys))})" +
            (keys.UploadedAt is { } uploadedAt
                ? $" in the key set an administrator uploaded at {Format(uploadedAt)}; the issuer has probably " +
                  "rotated its keys since: upload its current key set with 'tessera static-keys set'."
                : "."));
    }

    private static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
