using System.Security.Cryptography;
using System.Text.Json;
using Tessera.Tokens.Jwt;

namespace Tessera.Tokens.Keys;

/// <summary>
/// Writes the public half of signing keys as a JWKS document. Only public members are ever written: the writer
/// exports parameters without private parts, so a private key cannot leak through here by mistake.
/// </summary>
public static class JsonWebKeySetWriter
{
    public static byte[] Write(IEnumerable<SigningKey> keys)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("keys");
            foreach (var key in keys)
            {
                WriteKey(json, key);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteKey(Utf8JsonWriter json, SigningKey key)
    {
        json.WriteStartObject();
        json.WriteString("use", "sig");
        switch (key.PublicKey)
        {
            case RSA rsa:
                var rsaParameters = rsa.ExportParameters(includePrivateParameters: false);
                json.WriteString("kty", "RSA");
                json.WriteString("kid", key.KeyId);
                json.WriteString("alg", key.Algorithm);
                json.WriteString("n", Base64UrlText.Encode(rsaParameters.Modulus));
                json.WriteString("e", Base64UrlText.Encode(rsaParameters.Exponent));
                break;
            case ECDsa ecdsa:
                var ecParameters = ecdsa.ExportParameters(includePrivateParameters: false);
                json.WriteString("kty", "EC");
                json.WriteString("kid", key.KeyId);
                json.WriteString("alg", key.Algorithm);
                json.WriteString("crv", "P-256");
                json.WriteString("x", Base64UrlText.Encode(ecParameters.Q.X));
                json.WriteString("y", Base64UrlText.Encode(ecParameters.Q.Y));
                break;
        }

        if (key.Certificate is { } certificate)
        {
            json.WriteString("x5t", KeyIdentifiers.ForCertificate(certificate));
            json.WriteStartArray("x5c");
            json.WriteStringValue(Convert.ToBase64String(certificate.RawData));
            json.WriteEndArray();
        }

        json.WriteEndObject();
    }
}
