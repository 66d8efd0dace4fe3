using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Testing;
using Tessera.Tokens.Assertions;
using Tessera.Tokens.Jwt;
using Tessera.Tokens.KeySets;
using Xunit.Abstractions;

namespace Tessera.Tokens.Tests;

/// <summary>
/// Project Wycheproof's vectors against Tessera's own verification path: keys go through the key-set parser (so key
/// policy applies), signatures through the verifier the STS uses. Valid signatures must verify, invalid ones must
/// not, and a valid vector may fail only because key policy refused its key.
/// </summary>
public sealed class WycheproofTests(ITestOutputHelper output)
{
    private static string Vectors(string file) => Path.Combine(RepositoryPaths.Root, "tests", "testdata", "wycheproof", file);

    private static JsonElement Load(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Vectors(file)));
        return document.RootElement.Clone();
    }

    private static IssuerKeySet KeySet(JsonNode jwk)
    {
        jwk["kid"] = "k";
        return KeySetParser.Parse(Encoding.UTF8.GetBytes(new JsonObject { ["keys"] = new JsonArray(jwk) }.ToJsonString()),
            KeySetPolicy.Default);
    }

    private (int Verified, int Refused, int Policy, List<string> Mismatches) Run(string file, string algorithm, Func<JsonElement, JsonNode> jwkOf)
    {
        var verified = 0;
        var refused = 0;
        var policy = 0;
        var notApplicable = 0;
        var mismatches = new List<string>();
        foreach (var group in Load(file).GetProperty("testGroups").EnumerateArray())
        {
            var keys = KeySet(jwkOf(group));
            foreach (var test in group.GetProperty("tests").EnumerateArray())
            {
                var id = test.GetProperty("tcId").GetInt32();
                var expected = test.GetProperty("result").GetString();
                if (test.GetProperty("msg").GetString()!.Length == 0)
                {
                    // A JWS signing input is never empty (it holds at least "header.payload"); the crypto provider
                    // refuses empty input outright, which cannot matter for tokens.
                    notApplicable++;
                    continue;
                }

                if (!keys.Keys.TryGetValue("k", out var key))
                {
                    policy += expected == "valid" ? 1 : 0;
                    refused++;
                    continue;
                }

                var ok = SignatureVerifier.Verify(key.SecurityKey, algorithm,
                    Convert.FromHexString(test.GetProperty("msg").GetString()!),
                    Convert.FromHexString(test.GetProperty("sig").GetString()!));
                if ((expected == "valid" && !ok) || (expected == "invalid" && ok))
                {
                    mismatches.Add($"tcId {id} ({test.GetProperty("comment").GetString()}): expected {expected}, verified {ok}");
                }

                verified += ok ? 1 : 0;
                refused += ok ? 0 : 1;
            }
        }

        output.WriteLine($"{file}: {verified} verified, {refused} refused ({policy} valid vectors refused by key policy), " +
            $"{notApplicable} with an empty message skipped");
        return (verified, refused + notApplicable, policy, mismatches);
    }

    [Fact]
    public void Rsa_pkcs1_sha256_vectors_verify_exactly_when_valid()
    {
        var (verified, refused, policy, mismatches) = Run("rsa_signature_2048_sha256_test.json", "RS256",
            group => JsonNode.Parse(group.GetProperty("keyJwk").GetRawText())!);

        Assert.Empty(mismatches);
        Assert.Equal(6, verified);
        Assert.Equal(2, policy);
        Assert.Equal(259, verified + refused);
    }

    [Fact]
    public void Ecdsa_p256_sha256_vectors_verify_exactly_when_valid()
    {
        var (verified, refused, _, mismatches) = Run("ecdsa_secp256r1_sha256_p1363_test.json", "ES256", EcJwk);

        Assert.Empty(mismatches);
        Assert.Equal(262, verified + refused);
        Assert.True(verified > 100, $"only {verified} valid vectors verified");
    }

    [Fact]
    public void Json_web_key_sets_and_tokens_a_strict_verifier_must_refuse_are_refused()
    {
        var accepted = new List<string>();
        var refusals = new List<string>();
        foreach (var group in Load("json_web_key_test.json").GetProperty("testGroups").EnumerateArray())
        {
            var set = group.TryGetProperty("public", out var publicSet) ? publicSet : group.GetProperty("private");
            foreach (var test in group.GetProperty("tests").EnumerateArray())
            {
                var name = $"tcId {test.GetProperty("tcId").GetInt32()} {test.GetProperty("comment").GetString()}";
                var outcome = Verify(set, test.GetProperty("jws").GetString()!);
                (outcome is null ? accepted : refusals).Add($"{name}: {outcome ?? "verified"}");
            }
        }

        refusals.ForEach(output.WriteLine);
        Assert.Equal(["tcId 5 acceptsValid: verified"], accepted);
        Assert.Equal(25, refusals.Count);
        Assert.Contains(refusals, r => r.StartsWith("tcId 7 rejectsKeyWithRocaVulnerability: key refused: its RSA modulus has the ROCA", StringComparison.Ordinal));
    }

    /// <summary>Null when the compact JWS verifies with the set's key named by its kid; else why not.</summary>
    private static string? Verify(JsonElement set, string jws)
    {
        IssuerKeySet keys;
        try
        {
            keys = KeySetParser.Parse(Encoding.UTF8.GetBytes(set.GetRawText()), KeySetPolicy.Default);
        }
        catch (KeySetRejectedException ex)
        {
            return "key set refused: " + ex.Message;
        }

        var parts = jws.Split('.');
        using var header = JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[0]));
        var algorithm = header.RootElement.GetProperty("alg").GetString()!;
        var kid = header.RootElement.GetProperty("kid").GetString()!;
        if (!SigningAlgorithms.Asymmetric.Contains(algorithm))
        {
            return $"algorithm {algorithm} refused";
        }

        if (!keys.Keys.TryGetValue(kid, out var key))
        {
            return keys.RefusedKeys.TryGetValue(kid, out var reason) ? "key refused: " + reason : "no such key";
        }

        if (key.DeclaredAlgorithm is { } declared && declared != algorithm)
        {
            return $"key is for {declared}";
        }

        if (!Base64UrlText.TryDecodeCanonical(parts[2], out var signature) || signature.Length == 0)
        {
            return "signature missing or not canonical";
        }

        return SignatureVerifier.Verify(key.SecurityKey, algorithm, Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), signature)
            ? null
            : "signature does not verify";
    }

    private static JsonNode EcJwk(JsonElement group)
    {
        if (group.TryGetProperty("publicKeyJwk", out var jwk))
        {
            return JsonNode.Parse(jwk.GetRawText())!;
        }

        var key = group.GetProperty("publicKey");
        return new JsonObject
        {
            ["kty"] = "EC",
            ["crv"] = "P-256",
            ["x"] = Coordinate(key.GetProperty("wx").GetString()!),
            ["y"] = Coordinate(key.GetProperty("wy").GetString()!),
        };
    }

    private static string Coordinate(string hex)
    {
        var bytes = Convert.FromHexString(hex.Length % 2 == 1 ? "0" + hex : hex);
        var trimmed = bytes.SkipWhile(b => b == 0).ToArray();
        return Base64UrlText.Encode(trimmed.Length > 32 ? trimmed : [.. new byte[32 - trimmed.Length], .. trimmed]);
    }
}
