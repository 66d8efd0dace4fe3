using System.Buffers.Text;

namespace Tessera.Tokens.Jwt;

/// <summary>
/// Strict base64url as JWS requires it: the URL-safe alphabet, no padding, no whitespace, and the canonical
/// encoding only (unused trailing bits zero), so that one token has exactly one spelling.
/// </summary>
public static class Base64UrlText
{
    public static string Encode(ReadOnlySpan<byte> bytes) => Base64Url.EncodeToString(bytes);

    /// <summary>Decodes <paramref name="text"/> or returns false when it is not canonical base64url.</summary>
    public static bool TryDecodeCanonical(ReadOnlySpan<char> text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length % 4 == 1)
        {
            return false;
        }

        foreach (var c in text)
        {
            var allowed = c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_';
            if (!allowed)
            {
                return false;
            }
        }

        try
        {
            bytes = Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            return false;
        }

        // A non-canonical spelling sets bits the decoder drops; re-encoding exposes it.
        return text.SequenceEqual(Base64Url.EncodeToString(bytes));
    }
}
