using System.Text;
using System.Text.Json;
using Tessera.Tokens.Jwt;

namespace Tessera.Tokens.Assertions;

/// <summary>
/// Reads a compact JWS strictly: three canonical base64url segments, JSON objects without duplicate members, an
/// asymmetric <c>alg</c>, no header that could smuggle in a key, and the registered claims with the right JSON
/// types. Anything else is refused with a message naming the part that was wrong.
/// </summary>
public static class AssertionParser
{
    /// <summary>Largest NumericDate accepted: 9999-12-31T23:59:59Z. Larger values are surely forged.</summary>
    private const long MaxNumericDate = 253402300799;

    /// <summary>
    /// Header members that would make a verifier fetch or trust a key chosen by the token's author, change how the
    /// payload is read, or mark the token as encrypted.
    /// </summary>
    private static readonly string[] s_forbiddenHeaders = ["jwk", "jku", "x5u", "x5c", "crit", "b64", "zip", "enc", "cty"];

    private static readonly JsonDocumentOptions s_jsonOptions = new()
    {
        AllowDuplicateProperties = false,
        MaxDepth = 16,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    public static ParsedAssertion Parse(string assertion, AssertionLimits limits)
    {
        if (assertion.Length > limits.MaxLength)
        {
            throw Reject(AssertionProblem.TooLarge,
                $"The assertion is {assertion.Length} characters long; at most {limits.MaxLength} are accepted.");
        }

        if (assertion.Length > 0 && (char.IsWhiteSpace(assertion[0]) || char.IsWhiteSpace(assertion[^1])))
        {
            throw Reject(AssertionProblem.Malformed,
                "The assertion starts or ends with whitespace (a trailing newline in the token file?); send the " +
                "token exactly, and write token files without a final newline.");
        }

        var segments = assertion.Split('.');
        if (segments.Length == 5)
        {
            throw Reject(AssertionProblem.Malformed,
                "The assertion has 5 segments, which is an encrypted token (JWE); send a signed JWT of 3 segments.");
        }

        if (segments.Length != 3)
        {
            throw Reject(AssertionProblem.Malformed,
                $"The assertion has {segments.Length} segment(s); a JWT has exactly 3 separated by '.'.");
        }

        var header = ReadObject(segments[0], "header");
        var payload = ReadObject(segments[1], "payload");
        if (!Base64UrlText.TryDecodeCanonical(segments[2], out var signature) || signature.Length == 0)
        {
            throw Reject(AssertionProblem.Malformed,
                "The signature segment is empty or not canonical base64url; unsigned tokens are never accepted.");
        }

        var (algorithm, keyId) = ReadHeader(header);
        return ReadPayload(payload, algorithm, keyId, segments[0] + "." + segments[1], signature);
    }

    private static (string Algorithm, string? KeyId) ReadHeader(JsonElement header)
    {
        foreach (var name in s_forbiddenHeaders)
        {
            if (header.TryGetProperty(name, out _))
            {
                throw Reject(AssertionProblem.ForbiddenHeader,
                    $"The header has a '{name}' member, which Tessera never honours; keys come only from the " +
                    "issuer's published key set.");
            }
        }

        if (!header.TryGetProperty("alg", out var algElement) || algElement.ValueKind != JsonValueKind.String)
        {
            throw Reject(AssertionProblem.Malformed, "The header has no 'alg' string.");
        }

        var algorithm = algElement.GetString()!;
        if (string.Equals(algorithm, "none", StringComparison.OrdinalIgnoreCase))
        {
            throw Reject(AssertionProblem.UnsupportedAlgorithm,
                $"The header says alg '{algorithm}': unsigned tokens are never accepted.");
        }

        if (algorithm.StartsWith("HS", StringComparison.OrdinalIgnoreCase))
        {
            throw Reject(AssertionProblem.UnsupportedAlgorithm,
                $"The header says alg '{algorithm}': HMAC (shared-secret) signatures are never accepted from " +
                "an issuer; use RS256 or ES256.");
        }

        if (!SigningAlgorithms.Asymmetric.Contains(algorithm))
        {
            throw Reject(AssertionProblem.UnsupportedAlgorithm,
                $"The header says alg '{Printable(algorithm)}', which is not a supported signature algorithm; " +
                $"expected one of {string.Join(", ", SigningAlgorithms.Asymmetric)}.");
        }

        string? keyId = null;
        if (header.TryGetProperty("kid", out var kid))
        {
            if (kid.ValueKind != JsonValueKind.String || kid.GetString() is not { Length: > 0 and <= 256 } text)
            {
                throw Reject(AssertionProblem.Malformed, "The header's 'kid' must be a string of 1-256 characters.");
            }

            keyId = text;
        }

        return (algorithm, keyId);
    }

    private static ParsedAssertion ReadPayload(
        JsonElement payload, string algorithm, string? keyId, string signingInput, byte[] signature)
    {
        var issuer = RequiredString(payload, "iss");
        var subject = RequiredString(payload, "sub");
        var audiences = ReadAudiences(payload);
        var issuedAt = NumericDate(payload, "iat") ?? throw MissingClaim("iat");
        var expiresAt = NumericDate(payload, "exp") ?? throw MissingClaim("exp");
        var notBefore = NumericDate(payload, "nbf");

        string? jwtId = null;
        if (payload.TryGetProperty("jti", out var jti))
        {
            jwtId = jti.ValueKind == JsonValueKind.String
                ? jti.GetString()
                : throw Reject(AssertionProblem.InvalidClaim, "The 'jti' claim must be a string.");
        }

        if (expiresAt <= issuedAt)
        {
            throw Reject(AssertionProblem.InvalidClaim,
                $"The 'exp' claim ({expiresAt}) is not after the 'iat' claim ({issuedAt}).");
        }

        return new ParsedAssertion(algorithm, keyId, issuer, subject, audiences, issuedAt, notBefore, expiresAt,
            jwtId, payload, signingInput, signature);
    }

    private static IReadOnlyList<string> ReadAudiences(JsonElement payload)
    {
        if (!payload.TryGetProperty("aud", out var aud))
        {
            throw MissingClaim("aud");
        }

        if (aud.ValueKind == JsonValueKind.String && aud.GetString() is { Length: > 0 } single)
        {
            return [single];
        }

        if (aud.ValueKind == JsonValueKind.Array && aud.GetArrayLength() is > 0 and <= 16)
        {
            var audiences = new List<string>();
            foreach (var item in aud.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String || item.GetString() is not { Length: > 0 } value)
                {
                    throw Reject(AssertionProblem.InvalidClaim, "Every entry of the 'aud' claim must be a non-empty string.");
                }

                audiences.Add(value);
            }

            return audiences;
        }

        throw Reject(AssertionProblem.InvalidClaim,
            "The 'aud' claim must be a non-empty string or an array of 1-16 non-empty strings.");
    }

    private static string RequiredString(JsonElement payload, string name)
    {
        if (!payload.TryGetProperty(name, out var value))
        {
            throw MissingClaim(name);
        }

        if (value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: > 0 } text)
        {
            throw Reject(AssertionProblem.InvalidClaim, $"The '{name}' claim must be a non-empty string.");
        }

        return text;
    }

    /// <summary>
    /// Reads a NumericDate as RFC 7519 intends it for tokens Tessera accepts: an integral JSON number of seconds.
    /// Strings, fractions, exponents and negative or absurd values are refused rather than coerced.
    /// </summary>
    private static long? NumericDate(JsonElement payload, string name)
    {
        if (!payload.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            throw Reject(AssertionProblem.InvalidClaim,
                $"The '{name}' claim is a JSON {value.ValueKind.ToString().ToLowerInvariant()}; it must be a number " +
                "of seconds since 1970.");
        }

        var raw = value.GetRawText();
        if (!value.TryGetInt64(out var seconds) || raw.Contains('.') || raw.Contains('e') || raw.Contains('E'))
        {
            throw Reject(AssertionProblem.InvalidClaim,
                $"The '{name}' claim is {Printable(raw)}; it must be a whole number of seconds since 1970.");
        }

        if (seconds is < 0 or > MaxNumericDate)
        {
            throw Reject(AssertionProblem.InvalidClaim,
                $"The '{name}' claim is {seconds}, which is not a plausible time.");
        }

        return seconds;
    }

    private static JsonElement ReadObject(string segment, string part)
    {
        if (!Base64UrlText.TryDecodeCanonical(segment, out var bytes) || bytes.Length == 0)
        {
            throw Reject(AssertionProblem.Malformed,
                $"The {part} segment is not canonical base64url (URL-safe alphabet, no padding, no whitespace).");
        }

        try
        {
            using var document = JsonDocument.Parse(bytes, s_jsonOptions);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Reject(AssertionProblem.Malformed, $"The {part} is not a JSON object.");
            }

            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            var duplicate = ex.Message.Contains("duplicate", StringComparison.OrdinalIgnoreCase);
            throw Reject(AssertionProblem.Malformed, duplicate
                ? $"The {part} repeats a JSON member name; each member may appear once."
                : $"The {part} is not valid JSON (at byte {ex.BytePositionInLine ?? 0}).");
        }
        catch (ArgumentException)
        {
            throw Reject(AssertionProblem.Malformed, $"The {part} is not valid UTF-8 JSON.");
        }
    }

    private static AssertionRejectedException MissingClaim(string name) =>
        Reject(AssertionProblem.MissingClaim, $"The assertion has no '{name}' claim, which is required.");

    private static AssertionRejectedException Reject(AssertionProblem problem, string message) => new(problem, message);

    /// <summary>Keeps attacker-chosen text short and on one line when it is echoed in an error.</summary>
    private static string Printable(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text.Length > 40 ? text[..40] : text)
        {
            builder.Append(char.IsControl(c) ? '?' : c);
        }

        return text.Length > 40 ? builder + "..." : builder.ToString();
    }
}
