using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Tessera.Testing;
using Tessera.Tokens.Assertions;
using Tessera.Tokens.Jwt;
using Tessera.Tokens.KeySets;

namespace Tessera.Tokens.Tests;

public sealed class AssertionValidatorTests
{
    private static readonly DateTimeOffset s_now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
    private static readonly RSA s_rsa = RSA.Create(2048);
    private static readonly ECDsa s_ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly FakeTimeProvider _time = new(s_now);

    private AssertionValidator Validator => new(_time, AssertionLimits.Default);

    private static string Kid(AsymmetricAlgorithm key) => TestIssuer.KeyId(key);

    private static IssuerKeySet KeySet(params AsymmetricAlgorithm[] keys)
    {
        var set = new JsonObject { ["keys"] = new JsonArray([.. keys.Select(k => (JsonNode)TestIssuer.PublicJwk(k))]) };
        return KeySetParser.Parse(Encoding.UTF8.GetBytes(set.ToJsonString()), KeySetPolicy.Default);
    }

    private static ParsedAssertion Assertion(
        AsymmetricAlgorithm key, long iat = 1_800_000_000, long exp = 1_800_003_600, long? nbf = null,
        Action<JsonObject>? header = null)
    {
        var h = new JsonObject { ["alg"] = key is RSA ? "RS256" : "ES256", ["kid"] = Kid(key) };
        header?.Invoke(h);
        var p = new JsonObject
        {
            ["iss"] = "https://issuer.example",
            ["sub"] = "system:serviceaccount:prod:orders",
            ["aud"] = "api://AzureADTokenExchange",
            ["iat"] = iat,
            ["exp"] = exp,
        };
        if (nbf is { } notBefore)
        {
            p["nbf"] = notBefore;
        }

        return AssertionParser.Parse(JwtFactory.Sign(h, p, key), AssertionLimits.Default);
    }

    private static AssertionRejectedException Refused(Action action) => Assert.Throws<AssertionRejectedException>(action);

    [Fact]
    public void Token_signed_by_the_named_key_verifies()
    {
        Validator.VerifySignature(Assertion(s_rsa), KeySet(s_rsa, s_ec), SigningAlgorithms.DefaultForIssuers);
        Validator.VerifySignature(Assertion(s_ec), KeySet(s_rsa, s_ec), SigningAlgorithms.DefaultForIssuers);
    }

    [Fact]
    public void Altered_payload_fails_signature_verification()
    {
        var assertion = Assertion(s_rsa);
        var altered = assertion with { SigningInput = assertion.SigningInput[..^2] + "fQ" };

        var refusal = Refused(() => Validator.VerifySignature(altered, KeySet(s_rsa), SigningAlgorithms.DefaultForIssuers));

        Assert.Equal(AssertionProblem.BadSignature, refusal.Problem);
    }

    [Fact]
    public void Token_signed_by_another_key_under_a_published_kid_is_refused_without_trying_other_keys()
    {
        using var attacker = RSA.Create(2048);
        var forged = Assertion(attacker, header: h => h["kid"] = Kid(s_rsa));

        var refusal = Refused(() => Validator.VerifySignature(forged, KeySet(s_rsa, attacker), SigningAlgorithms.DefaultForIssuers));

        Assert.Equal(AssertionProblem.BadSignature, refusal.Problem);
    }

    [Fact]
    public void Unknown_kid_is_refused_listing_the_published_kids()
    {
        using var other = RSA.Create(2048);

        var refusal = Refused(() => Validator.VerifySignature(Assertion(other), KeySet(s_rsa), SigningAlgorithms.DefaultForIssuers));

        Assert.Equal(AssertionProblem.UnknownKey, refusal.Problem);
        Assert.Contains(Kid(s_rsa), refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Token_without_kid_is_refused()
    {
        var refusal = Refused(() => Validator.VerifySignature(
            Assertion(s_rsa, header: h => h.Remove("kid")), KeySet(s_rsa), SigningAlgorithms.DefaultForIssuers));

        Assert.Equal(AssertionProblem.UnknownKey, refusal.Problem);
    }

    [Fact]
    public void Algorithm_outside_the_issuers_allowed_list_is_refused()
    {
        var refusal = Refused(() => Validator.VerifySignature(Assertion(s_ec), KeySet(s_ec), ["RS256"]));

        Assert.Equal(AssertionProblem.UnsupportedAlgorithm, refusal.Problem);
        Assert.Contains("allowed only RS256", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rsa_key_cannot_verify_an_ecdsa_algorithm()
    {
        var confused = Assertion(s_rsa, header: h => h["alg"] = "ES256");

        var refusal = Refused(() => Validator.VerifySignature(confused, KeySet(s_rsa), SigningAlgorithms.DefaultForIssuers));

        Assert.Equal(AssertionProblem.KeyRefused, refusal.Problem);
    }

    [Fact]
    public void Key_published_for_another_algorithm_is_refused()
    {
        var rs384 = Assertion(s_rsa, header: h => h["alg"] = "RS384");

        var refusal = Refused(() => Validator.VerifySignature(rs384, KeySet(s_rsa), SigningAlgorithms.DefaultForIssuers));

        Assert.Contains("published for RS256", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Token_within_its_lifetime_passes_the_time_checks()
    {
        _time.SetUtcNow(s_now.AddMinutes(30));

        Validator.CheckTimes(Assertion(s_rsa));
    }

    [Fact]
    public void Expired_token_is_refused_with_current_time_valid_from_and_expiry()
    {
        _time.SetUtcNow(s_now.AddSeconds(3600 + 61));

        var refusal = Refused(() => Validator.CheckTimes(Assertion(s_rsa)));

        Assert.Equal(AssertionProblem.Expired, refusal.Problem);
        Assert.Contains("current time 2027-01-15 09:01:01Z, valid from 2027-01-15 08:00:00Z, expiry 2027-01-15 09:00:00Z",
            refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expiry_within_the_clock_skew_is_tolerated()
    {
        _time.SetUtcNow(s_now.AddSeconds(3600 + 59));

        Validator.CheckTimes(Assertion(s_rsa));
    }

    [Fact]
    public void Token_used_before_its_nbf_is_refused()
    {
        var refusal = Refused(() => Validator.CheckTimes(Assertion(s_rsa, nbf: 1_800_000_600)));

        Assert.Equal(AssertionProblem.NotYetValid, refusal.Problem);
    }

    [Fact]
    public void Token_issued_in_the_future_beyond_skew_is_refused()
    {
        var refusal = Refused(() => Validator.CheckTimes(Assertion(s_rsa, iat: 1_800_000_120, exp: 1_800_003_600)));

        Assert.Equal(AssertionProblem.NotYetValid, refusal.Problem);
    }

    [Fact]
    public void Lifetime_of_exactly_25_hours_is_accepted_and_a_second_more_refused()
    {
        Validator.CheckTimes(Assertion(s_rsa, exp: 1_800_000_000 + (25 * 3600)));

        var refusal = Refused(() => Validator.CheckTimes(Assertion(s_rsa, exp: 1_800_000_000 + (25 * 3600) + 1)));

        Assert.Equal(AssertionProblem.LifetimeTooLong, refusal.Problem);
        Assert.Contains("at most 25 hours", refusal.Message, StringComparison.Ordinal);
    }
}
