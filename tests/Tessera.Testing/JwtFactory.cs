using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Tokens.Jwt;

namespace Tessera.Testing;

/// <summary>
/// Builds JWTs byte by byte, so tests can send exactly the malformed or hostile token they mean to: any header,
/// any payload, any signature.
/// </summary>
public static class JwtFactory
{
    /// <summary>Signs <paramref name="header"/>.<paramref name="payload"/> with an RSA key (RS256) or EC key (ES256).</summary>
    public static string Sign(JsonObject header, JsonObject payload, AsymmetricAlgorithm key)
    {
        var signingInput = Segment(header) + "." + Segment(payload);
        return signingInput + "." + Base64UrlText.Encode(SignBytes(Encoding.ASCII.GetBytes(signingInput), key, header));
    }

    /// <summary>Concatenates raw segments without signing, for structurally broken tokens.</summary>
    public static string Raw(string header, string payload, string signature) =>
        $"{Base64UrlText.Encode(Encoding.UTF8.GetBytes(header))}.{Base64UrlText.Encode(Encoding.UTF8.GetBytes(payload))}.{signature}";

    /// <summary>The claims of a token, read without verifying it: for asserting what a real client received.</summary>
    public static JsonElement Claims(string token)
    {
        var payload = System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[1]);
        using var document = JsonDocument.Parse(payload);
        return document.RootElement.Clone();
    }

    public static string Segment(JsonNode node) =>
        Base64UrlText.Encode(Encoding.UTF8.GetBytes(node.ToJsonString(new JsonSerializerOptions { WriteIndented = false })));

    private static byte[] SignBytes(byte[] data, AsymmetricAlgorithm key, JsonObject header)
    {
        var algorithm = header["alg"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : "RS256";
        var hash = algorithm.EndsWith("384", StringComparison.Ordinal) ? HashAlgorithmName.SHA384
            : algorithm.EndsWith("512", StringComparison.Ordinal) ? HashAlgorithmName.SHA512
            : HashAlgorithmName.SHA256;
        return key switch
        {
            RSA rsa => rsa.SignData(data, hash,
                algorithm.StartsWith("PS", StringComparison.Ordinal) ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1),
            ECDsa ecdsa => ecdsa.SignData(data, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
            _ => throw new ArgumentException("Unsupported key type.", nameof(key)),
        };
    }
}
