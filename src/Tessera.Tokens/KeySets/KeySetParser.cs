using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;
using Tessera.Tokens.Jwt;

namespace Tessera.Tokens.KeySets;

/// <summary>
/// Turns an issuer's published JWKS into keys Tessera will verify with. A set that is ambiguous or leaks secrets
/// (duplicate <c>kid</c>, private members, symmetric keys, too many keys) is refused whole; a single key that is
/// weak or malformed is left out, and the reason kept for error messages.
/// </summary>
public static class KeySetParser
{
    private static readonly string[] s_privateMembers = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

    private static readonly JsonDocumentOptions s_jsonOptions = new() { AllowDuplicateProperties = false, MaxDepth = 8 };

    private static readonly byte[] s_exponent65537 = [0x01, 0x00, 0x01];

    public static IssuerKeySet Parse(ReadOnlySpan<byte> json, KeySetPolicy policy)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray(), s_jsonOptions);
        }
        catch (JsonException ex)
        {
            throw new KeySetRejectedException($"The key set is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("keys", out var keys)
                || keys.ValueKind != JsonValueKind.Array)
            {
                throw new KeySetRejectedException("The key set is not a JSON object with a 'keys' array.");
            }

            if (keys.GetArrayLength() > policy.MaxKeys)
            {
                throw new KeySetRejectedException(
                    $"The key set has {keys.GetArrayLength()} keys; at most {policy.MaxKeys} are accepted.");
            }

            return ReadKeys(keys, policy);
        }
    }

    private static IssuerKeySet ReadKeys(JsonElement keys, KeySetPolicy policy)
    {
        var usable = new Dictionary<string, IssuerKey>(StringComparer.Ordinal);
        var refused = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);

        foreach (var key in keys.EnumerateArray())
        {
            RefuseSetIfUnsafe(key);
            var kid = key.TryGetProperty("kid", out var kidElement) && kidElement.ValueKind == JsonValueKind.String
                ? kidElement.GetString()!
                : null;
            if (kid is null)
            {
                // Tokens must name their key, so a key without a kid can never be selected.
                continue;
            }

            if (!seen.Add(kid))
            {
                throw new KeySetRejectedException(
                    $"The key set has two keys with kid '{kid}'; a kid must name exactly one key.");
            }

            var problem = TryReadKey(key, kid, policy, out var issuerKey);
            if (issuerKey is not null)
            {
                usable[kid] = issuerKey;
            }
            else
            {
                refused[kid] = problem!;
            }
        }

        return new IssuerKeySet(usable, refused);
    }

    private static void RefuseSetIfUnsafe(JsonElement key)
    {
        if (key.ValueKind != JsonValueKind.Object)
        {
            throw new KeySetRejectedException("An entry of the key set's 'keys' array is not a JSON object.");
        }

        foreach (var member in s_privateMembers)
        {
            if (key.TryGetProperty(member, out _))
            {
                throw new KeySetRejectedException(
                    $"The key set publishes private or secret key material (member '{member}'); an issuer whose " +
                    "key set leaks secrets cannot be trusted, so the whole set is refused.");
            }
        }

        if (key.TryGetProperty("kty", out var kty) && kty.ValueKind == JsonValueKind.String && kty.GetString() == "oct")
        {
            throw new KeySetRejectedException("The key set publishes a symmetric ('oct') key; refused whole.");
        }
    }

    private static string? TryReadKey(JsonElement key, string kid, KeySetPolicy policy, out IssuerKey? issuerKey)
    {
        issuerKey = null;
        var kty = OptionalString(key, "kty");
        var use = OptionalString(key, "use");
        var alg = OptionalString(key, "alg");

        if (use is not null && use != "sig")
        {
            return $"its 'use' is '{use}', not 'sig'";
        }

        if (key.TryGetProperty("key_ops", out var ops) && !AllowsVerify(ops))
        {
            return "its 'key_ops' does not include 'verify'";
        }

        if (alg is not null && !SigningAlgorithms.Asymmetric.Contains(alg))
        {
            return $"its 'alg' is '{alg}', which Tessera does not accept";
        }

        if (alg is not null && SigningAlgorithms.KeyTypeFor(alg) != kty)
        {
            return $"its 'alg' is '{alg}' but its 'kty' is '{kty}'";
        }

        try
        {
            return kty switch
            {
                "RSA" => ReadRsa(key, kid, alg, policy, out issuerKey),
                "EC" => ReadEc(key, kid, alg, out issuerKey),
                _ => $"its 'kty' is '{kty}'; only RSA and EC keys are accepted",
            };
        }
        catch (CryptographicException ex)
        {
            return $"the key could not be imported ({ex.Message})";
        }
    }

    private static string? ReadRsa(JsonElement key, string kid, string? alg, KeySetPolicy policy, out IssuerKey? issuerKey)
    {
        issuerKey = null;
        if (!TryBytes(key, "n", out var modulus) || !TryBytes(key, "e", out var exponent))
        {
            return "its 'n' or 'e' is missing or not canonical base64url";
        }

        modulus = TrimLeadingZeros(modulus);
        exponent = TrimLeadingZeros(exponent);
        var bits = BitLength(modulus);
        if (bits < policy.MinRsaBits || bits > policy.MaxRsaBits)
        {
            return $"its RSA modulus has {bits} bits; {policy.MinRsaBits}-{policy.MaxRsaBits} are accepted";
        }

        if (!exponent.AsSpan().SequenceEqual(s_exponent65537))
        {
            return "its RSA public exponent is not 65537";
        }

        if (RocaFingerprint.Matches(modulus))
        {
            return "its RSA modulus has the ROCA fingerprint (CVE-2017-15361), so it can be factored";
        }

        var rsa = RSA.Create(new RSAParameters { Modulus = modulus, Exponent = exponent });
        issuerKey = new IssuerKey(kid, "RSA", alg, null, new RsaSecurityKey(rsa) { KeyId = kid });
        return null;
    }

    private static string? ReadEc(JsonElement key, string kid, string? alg, out IssuerKey? issuerKey)
    {
        issuerKey = null;
        var curveName = OptionalString(key, "crv");
        var (curve, size) = curveName switch
        {
            "P-256" => (ECCurve.NamedCurves.nistP256, 32),
            "P-384" => (ECCurve.NamedCurves.nistP384, 48),
            "P-521" => (ECCurve.NamedCurves.nistP521, 66),
            _ => (default(ECCurve), 0),
        };
        if (size == 0)
        {
            return $"its curve '{curveName}' is not P-256, P-384 or P-521";
        }

        if (alg is not null && SigningAlgorithms.CurveFor(alg) != curveName)
        {
            return $"its 'alg' is '{alg}' but its curve is '{curveName}'";
        }

        if (!TryBytes(key, "x", out var x) || !TryBytes(key, "y", out var y) || x.Length != size || y.Length != size)
        {
            return $"its 'x' or 'y' is missing, not canonical base64url, or not {size} bytes long";
        }

        // Importing validates that the point lies on the curve; an off-curve point is refused here.
        var ecdsa = ECDsa.Create(new ECParameters { Curve = curve, Q = new ECPoint { X = x, Y = y } });
        issuerKey = new IssuerKey(kid, "EC", alg, curveName, new ECDsaSecurityKey(ecdsa) { KeyId = kid });
        return null;
    }

    private static bool AllowsVerify(JsonElement ops) =>
        ops.ValueKind == JsonValueKind.Array
        && ops.EnumerateArray().Any(o => o.ValueKind == JsonValueKind.String && o.GetString() == "verify");

    private static string? OptionalString(JsonElement key, string name) =>
        key.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool TryBytes(JsonElement key, string name, out byte[] bytes)
    {
        bytes = [];
        return OptionalString(key, name) is { Length: > 0 } text && Base64UrlText.TryDecodeCanonical(text, out bytes);
    }

    private static byte[] TrimLeadingZeros(byte[] bytes)
    {
        var start = 0;
        while (start < bytes.Length - 1 && bytes[start] == 0)
        {
            start++;
        }

        return start == 0 ? bytes : bytes[start..];
    }

    private static int BitLength(byte[] bigEndian) =>
        bigEndian.Length == 0 ? 0 : ((bigEndian.Length - 1) * 8) + (32 - int.LeadingZeroCount(bigEndian[0]));
}
