using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Tessera.Testing;
using Tessera.Tokens.Assertions;

namespace Tessera.Tokens.Tests;

public sealed class AssertionParserTests
{
    private static readonly RSA s_key = RSA.Create(2048);

    private static JsonObject Header() => new() { ["alg"] = "RS256", ["kid"] = "k1", ["typ"] = "JWT" };

    private static JsonObject Payload() => new()
    {
        ["iss"] = "https://issuer.example",
        ["sub"] = "system:serviceaccount:prod:orders",
        ["aud"] = new JsonArray("api://AzureADTokenExchange"),
        ["iat"] = 1_800_000_000,
        ["nbf"] = 1_800_000_000,
        ["exp"] = 1_800_003_600,
        ["jti"] = "j-1",
    };

    private static string Token(Action<JsonObject>? header = null, Action<JsonObject>? payload = null)
    {
        var h = Header();
        var p = Payload();
        header?.Invoke(h);
        payload?.Invoke(p);
        return JwtFactory.Sign(h, p, s_key);
    }

    private static AssertionRejectedException Refused(string token) =>
        Assert.Throws<AssertionRejectedException>(() => AssertionParser.Parse(token, AssertionLimits.Default));

    [Fact]
    public void Well_formed_token_is_read_with_every_registered_claim()
    {
        var parsed = AssertionParser.Parse(Token(), AssertionLimits.Default);

        Assert.Equal("RS256", parsed.Algorithm);
        Assert.Equal("k1", parsed.KeyId);
        Assert.Equal("https://issuer.example", parsed.Issuer);
        Assert.Equal("system:serviceaccount:prod:orders", parsed.Subject);
        Assert.Equal(["api://AzureADTokenExchange"], parsed.Audiences);
        Assert.Equal(1_800_000_000, parsed.IssuedAt);
        Assert.Equal(1_800_000_000, parsed.NotBefore);
        Assert.Equal(1_800_003_600, parsed.ExpiresAt);
        Assert.Equal("j-1", parsed.JwtId);
        Assert.Equal(256, parsed.Signature.Length);
    }

    [Fact]
    public void Single_string_audience_is_read_as_a_list_of_one()
    {
        var parsed = AssertionParser.Parse(Token(payload: p => p["aud"] = "api://x"), AssertionLimits.Default);

        Assert.Equal(["api://x"], parsed.Audiences);
    }

    public static TheoryData<string, Func<string>, AssertionProblem, string> Refusals => new()
    {
        { "alg none", () => Token(h => h["alg"] = "none"), AssertionProblem.UnsupportedAlgorithm, "unsigned" },
        { "alg None", () => Token(h => h["alg"] = "None"), AssertionProblem.UnsupportedAlgorithm, "unsigned" },
        { "alg NONE", () => Token(h => h["alg"] = "NONE"), AssertionProblem.UnsupportedAlgorithm, "unsigned" },
        { "alg nOnE", () => Token(h => h["alg"] = "nOnE"), AssertionProblem.UnsupportedAlgorithm, "unsigned" },
        { "alg HS256", () => Token(h => h["alg"] = "HS256"), AssertionProblem.UnsupportedAlgorithm, "HMAC" },
        { "alg hs512", () => Token(h => h["alg"] = "hs512"), AssertionProblem.UnsupportedAlgorithm, "HMAC" },
        { "alg RS1", () => Token(h => h["alg"] = "RS1"), AssertionProblem.UnsupportedAlgorithm, "not a supported" },
        { "alg missing", () => Token(h => h.Remove("alg")), AssertionProblem.Malformed, "no 'alg'" },
        { "alg not a string", () => Token(h => h["alg"] = 256), AssertionProblem.Malformed, "no 'alg'" },
        { "jwk header", () => Token(h => h["jwk"] = new JsonObject()), AssertionProblem.ForbiddenHeader, "'jwk'" },
        { "jku header", () => Token(h => h["jku"] = "https://evil.example/keys"), AssertionProblem.ForbiddenHeader, "'jku'" },
        { "x5u header", () => Token(h => h["x5u"] = "https://evil.example/cert"), AssertionProblem.ForbiddenHeader, "'x5u'" },
        { "x5c header", () => Token(h => h["x5c"] = new JsonArray("MIIB")), AssertionProblem.ForbiddenHeader, "'x5c'" },
        { "crit header", () => Token(h => h["crit"] = new JsonArray("exp")), AssertionProblem.ForbiddenHeader, "'crit'" },
        { "b64 header", () => Token(h => h["b64"] = false), AssertionProblem.ForbiddenHeader, "'b64'" },
        { "zip header", () => Token(h => h["zip"] = "DEF"), AssertionProblem.ForbiddenHeader, "'zip'" },
        { "enc header", () => Token(h => h["enc"] = "A256GCM"), AssertionProblem.ForbiddenHeader, "'enc'" },
        { "kid number", () => Token(h => h["kid"] = 7), AssertionProblem.Malformed, "'kid'" },
        { "kid empty", () => Token(h => h["kid"] = ""), AssertionProblem.Malformed, "'kid'" },
        { "iss missing", () => Token(payload: p => p.Remove("iss")), AssertionProblem.MissingClaim, "'iss'" },
        { "sub missing", () => Token(payload: p => p.Remove("sub")), AssertionProblem.MissingClaim, "'sub'" },
        { "aud missing", () => Token(payload: p => p.Remove("aud")), AssertionProblem.MissingClaim, "'aud'" },
        { "exp missing", () => Token(payload: p => p.Remove("exp")), AssertionProblem.MissingClaim, "'exp'" },
        { "iat missing", () => Token(payload: p => p.Remove("iat")), AssertionProblem.MissingClaim, "'iat'" },
        { "iss number", () => Token(payload: p => p["iss"] = 1), AssertionProblem.InvalidClaim, "'iss'" },
        { "sub empty", () => Token(payload: p => p["sub"] = ""), AssertionProblem.InvalidClaim, "'sub'" },
        { "aud number", () => Token(payload: p => p["aud"] = 5), AssertionProblem.InvalidClaim, "'aud'" },
        { "aud empty array", () => Token(payload: p => p["aud"] = new JsonArray()), AssertionProblem.InvalidClaim, "'aud'" },
        { "aud array of numbers", () => Token(payload: p => p["aud"] = new JsonArray(1)), AssertionProblem.InvalidClaim, "'aud'" },
        { "exp string", () => Token(payload: p => p["exp"] = "1800003600"), AssertionProblem.InvalidClaim, "JSON string" },
        { "exp float", () => Token(payload: p => p["exp"] = 1800003600.5), AssertionProblem.InvalidClaim, "whole number" },
        { "exp negative", () => Token(payload: p => p["exp"] = -1), AssertionProblem.InvalidClaim, "not a plausible time" },
        { "exp huge", () => Token(payload: p => p["exp"] = 99999999999999), AssertionProblem.InvalidClaim, "not a plausible time" },
        { "exp beyond int64", () => Token(payload: p => p["exp"] = JsonNode.Parse("1e400")), AssertionProblem.InvalidClaim, "whole number" },
        { "iat boolean", () => Token(payload: p => p["iat"] = true), AssertionProblem.InvalidClaim, "'iat'" },
        { "nbf string", () => Token(payload: p => p["nbf"] = "now"), AssertionProblem.InvalidClaim, "'nbf'" },
        { "exp before iat", () => Token(payload: p => p["exp"] = 1_799_999_999), AssertionProblem.InvalidClaim, "not after" },
        { "jti number", () => Token(payload: p => p["jti"] = 1), AssertionProblem.InvalidClaim, "'jti'" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Hostile_or_malformed_token_is_refused_with_a_specific_reason(
        string attack, Func<string> token, AssertionProblem problem, string mention)
    {
        var refusal = Refused(token());

        Assert.Equal(problem, refusal.Problem);
        Assert.True(refusal.Message.Contains(mention, StringComparison.Ordinal), $"{attack}: {refusal.Message}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Token_without_exactly_three_segments_is_refused(int segments)
    {
        var token = string.Join('.', Token().Split('.').Concat(["x"]).Take(segments));

        Assert.Contains($"{segments} segment(s)", Refused(token).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Five_segment_encrypted_token_is_refused_as_jwe()
    {
        Assert.Contains("JWE", Refused("a.b.c.d.e").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_signature_is_refused()
    {
        var parts = Token().Split('.');

        Assert.Contains("unsigned", Refused($"{parts[0]}.{parts[1]}.").Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("=")]
    [InlineData("==")]
    public void Padded_base64_is_refused(string padding)
    {
        var parts = Token().Split('.');

        Assert.Equal(AssertionProblem.Malformed, Refused($"{parts[0]}{padding}.{parts[1]}.{parts[2]}").Problem);
    }

    [Fact]
    public void Standard_base64_alphabet_is_refused()
    {
        var parts = Token().Split('.');
        var signature = parts[2].Replace('-', '+').Replace('_', '/');
        if (signature == parts[2])
        {
            signature = "+" + signature[1..];
        }

        Assert.Equal(AssertionProblem.Malformed, Refused($"{parts[0]}.{parts[1]}.{signature}").Problem);
    }

    [Fact]
    public void Non_canonical_trailing_bits_are_refused()
    {
        // "eyJ" + "hbGciOiJSUzI1NiJ9" style: flip unused low bits of the last character of the header segment.
        var header = JwtFactory.Segment(new JsonObject { ["alg"] = "RS256", ["kid"] = "k1" });
        Assert.NotEqual(0, header.Length % 4);
        var last = header[^1];
        var alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var tweaked = header[..^1] + alphabet[alphabet.IndexOf(last, StringComparison.Ordinal) ^ 1];
        var parts = Token().Split('.');

        var refusal = Refused($"{tweaked}.{parts[1]}.{parts[2]}");

        Assert.Contains("canonical", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_member_in_payload_is_refused()
    {
        var token = JwtFactory.Raw("""{"alg":"RS256","kid":"k1"}""",
            """{"iss":"https://a","sub":"s","sub":"t","aud":"x","iat":1800000000,"exp":1800003600}""", "c2ln");

        Assert.Contains("repeats a JSON member", Refused(token).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_alg_in_header_is_refused()
    {
        var token = JwtFactory.Raw("""{"alg":"RS256","alg":"none"}""", """{"iss":"https://a"}""", "c2ln");

        Assert.Contains("header repeats", Refused(token).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1,2]", "not a JSON object")]
    [InlineData("{\"alg\":", "not valid JSON")]
    [InlineData("{\"alg\":\"RS256\",}", "not valid JSON")]
    public void Header_that_is_not_a_json_object_is_refused(string header, string mention)
    {
        var token = JwtFactory.Raw(header, "{}", "c2ln");

        Assert.Contains(mention, Refused(token).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData(" ")]
    public void Trailing_whitespace_is_refused_with_a_hint_about_token_files(string suffix)
    {
        Assert.Contains("trailing newline", Refused(Token() + suffix).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Oversized_token_is_refused_before_decoding()
    {
        var token = Token(payload: p => p["pad"] = new string('a', 9000));

        var refusal = Refused(token);

        Assert.Equal(AssertionProblem.TooLarge, refusal.Problem);
    }

    [Fact]
    public void Refusal_messages_never_echo_the_token()
    {
        var token = Token(h => h["alg"] = "HS256");

        Assert.DoesNotContain(token.Split('.')[1], Refused(token).Message, StringComparison.Ordinal);
    }
}
