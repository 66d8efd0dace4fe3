using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Tessera.Testing;
using Tessera.Tokens.Jwt;
using Tessera.Tokens.KeySets;

namespace Tessera.Tokens.Tests;

public sealed class KeySetParserTests
{
    private static readonly RSA s_rsa = RSA.Create(2048);
    private static readonly ECDsa s_ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    private static IssuerKeySet Parse(params JsonObject[] keys) =>
        KeySetParser.Parse(Encoding.UTF8.GetBytes(new JsonObject { ["keys"] = new JsonArray(keys) }.ToJsonString()),
            KeySetPolicy.Default);

    private static JsonObject Rsa(Action<JsonObject>? edit = null)
    {
        var key = TestIssuer.PublicJwk(s_rsa);
        edit?.Invoke(key);
        return key;
    }

    private static JsonObject Ec(Action<JsonObject>? edit = null)
    {
        var key = TestIssuer.PublicJwk(s_ec);
        edit?.Invoke(key);
        return key;
    }

    [Fact]
    public void Rsa_and_ec_keys_are_usable_by_kid()
    {
        var set = Parse(Rsa(), Ec());

        Assert.Equal("RSA", set.Keys[TestIssuer.KeyId(s_rsa)].KeyType);
        Assert.Equal("P-256", set.Keys[TestIssuer.KeyId(s_ec)].Curve);
        Assert.Empty(set.RefusedKeys);
    }

    [Theory]
    [InlineData("d")]
    [InlineData("p")]
    [InlineData("qi")]
    public void Set_publishing_private_key_material_is_refused_whole(string member)
    {
        var leaky = Rsa(k => k[member] = "AQAB");

        var refusal = Assert.Throws<KeySetRejectedException>(() => Parse(Ec(), leaky));

        Assert.Contains($"'{member}'", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Set_publishing_a_symmetric_key_is_refused_whole()
    {
        var oct = new JsonObject { ["kty"] = "oct", ["kid"] = "h", ["alg"] = "HS256" };

        Assert.Throws<KeySetRejectedException>(() => Parse(Rsa(), oct));
    }

    [Fact]
    public void Set_with_a_duplicate_kid_is_refused_whole()
    {
        var refusal = Assert.Throws<KeySetRejectedException>(() => Parse(Rsa(), Ec(k => k["kid"] = TestIssuer.KeyId(s_rsa))));

        Assert.Contains("two keys with kid", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Set_with_more_than_100_keys_is_refused_whole()
    {
        var keys = Enumerable.Range(0, 101).Select(i => Ec(k => k["kid"] = $"k{i}")).ToArray();

        Assert.Throws<KeySetRejectedException>(() => Parse(keys));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{\"keys\":{}}")]
    [InlineData("{\"keys\":[1]}")]
    [InlineData("not json")]
    public void Document_that_is_not_a_key_set_is_refused(string json)
    {
        Assert.Throws<KeySetRejectedException>(() => KeySetParser.Parse(Encoding.UTF8.GetBytes(json), KeySetPolicy.Default));
    }

    [Fact]
    public void Rsa_key_under_2048_bits_is_left_out_with_its_reason()
    {
        using var weak = RSA.Create(1024);
        var set = Parse(TestIssuer.PublicJwk(weak), Ec());

        Assert.Equal("its RSA modulus has 1024 bits; 2048-8192 are accepted", set.RefusedKeys[TestIssuer.KeyId(weak)]);
        Assert.Single(set.Keys);
    }

    [Fact]
    public void Rsa_exponent_other_than_65537_is_refused()
    {
        var set = Parse(Rsa(k => k["e"] = "Aw"));

        Assert.Equal("its RSA public exponent is not 65537", set.RefusedKeys[TestIssuer.KeyId(s_rsa)]);
    }

    [Fact]
    public void Ec_point_off_the_curve_is_refused()
    {
        var p = s_ec.ExportParameters(false);
        var y = (byte[])p.Q.Y!.Clone();
        y[^1] ^= 1;

        var set = Parse(Ec(k => k["y"] = Base64UrlText.Encode(y)));

        Assert.Contains("could not be imported", set.RefusedKeys[TestIssuer.KeyId(s_ec)], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("P-384", "ES256", "its 'alg' is 'ES256' but its curve is 'P-384'")]
    [InlineData("P-256", "ES512", "its 'alg' is 'ES512' but its curve is 'P-256'")]
    [InlineData("secp256k1", "ES256", "its curve 'secp256k1' is not P-256, P-384 or P-521")]
    public void Curve_that_does_not_match_the_algorithm_is_refused(string curve, string algorithm, string reason)
    {
        var set = Parse(Ec(k =>
        {
            k["crv"] = curve;
            k["alg"] = algorithm;
        }));

        Assert.Equal(reason, set.RefusedKeys[TestIssuer.KeyId(s_ec)]);
    }

    [Theory]
    [InlineData("use", "enc", "its 'use' is 'enc', not 'sig'")]
    [InlineData("alg", "HS256", "its 'alg' is 'HS256', which Tessera does not accept")]
    [InlineData("alg", "ES256", "its 'alg' is 'ES256' but its 'kty' is 'RSA'")]
    [InlineData("kty", "OKP", "its 'alg' is 'RS256' but its 'kty' is 'OKP'")]
    public void Key_not_meant_for_these_signatures_is_refused(string member, string value, string reason)
    {
        var set = Parse(Rsa(k => k[member] = value));

        Assert.Equal(reason, set.RefusedKeys[TestIssuer.KeyId(s_rsa)]);
    }

    [Fact]
    public void Key_ops_without_verify_is_refused()
    {
        var set = Parse(Rsa(k => k["key_ops"] = new JsonArray("encrypt")));

        Assert.Contains("key_ops", set.RefusedKeys[TestIssuer.KeyId(s_rsa)], StringComparison.Ordinal);
    }

    [Fact]
    public void Key_without_kid_is_skipped()
    {
        var set = Parse(Rsa(k => k.Remove("kid")));

        Assert.Empty(set.Keys);
        Assert.Empty(set.RefusedKeys);
    }

    [Fact]
    public void Freshly_generated_rsa_keys_do_not_have_the_roca_fingerprint()
    {
        for (var i = 0; i < 20; i++)
        {
            using var rsa = RSA.Create(2048);

            Assert.False(RocaFingerprint.Matches(rsa.ExportParameters(false).Modulus));
        }
    }
}
