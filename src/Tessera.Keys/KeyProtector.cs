using System.Security.Cryptography;
using System.Text;

namespace Tessera.Keys;

/// <summary>
/// Encrypts private signing keys before they are stored, with AES-256-GCM under a key-encryption key (KEK) that
/// lives outside the database: a backup or a stolen copy of the database alone reveals no signing key. Each
/// stored key is bound to its key ID (as associated data), so ciphertexts cannot be swapped between keys.
/// </summary>
/// <remarks>
/// Stored form: <c>"TKEK" | version 1 | KEK id (8 bytes) | nonce (12) | tag (16) | ciphertext</c>. The KEK id is the
/// start of the KEK's SHA-256, so a wrong KEK is named as such rather than failing as corruption.
/// </remarks>
public sealed class KeyProtector
{
    private static readonly byte[] s_magic = "TKEK"u8.ToArray();
    private const byte Version = 1;
    private const int HeaderLength = 4 + 1 + 8;

    private readonly byte[]? _kek;
    private readonly byte[] _kekId;

    private KeyProtector(byte[]? kek)
    {
        _kek = kek;
        _kekId = kek is null ? [] : SHA256.HashData(kek)[..8];
    }

    /// <summary>Keys are stored as they are; only for stores whose files are the protection (the embedded default).</summary>
    public static KeyProtector None { get; } = new(null);

    public bool Encrypts => _kek is not null;

    /// <summary>A protector for a 32-byte KEK, given raw or as base64.</summary>
    public static KeyProtector FromKey(byte[] kek) => kek.Length == 32
        ? new KeyProtector(kek)
        : throw new ArgumentException($"A key-encryption key is 32 bytes; this one is {kek.Length}.");

    /// <summary>Reads a KEK file holding 32 raw bytes or their base64 (with or without a final newline).</summary>
    public static KeyProtector FromFile(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length == 32)
        {
            return FromKey(bytes);
        }

        try
        {
            return FromKey(Convert.FromBase64String(Encoding.ASCII.GetString(bytes).Trim()));
        }
        catch (FormatException)
        {
            throw new ArgumentException($"'{path}' holds neither 32 raw bytes nor their base64; create one with: " +
                "head -c 32 /dev/urandom | base64 > FILE");
        }
    }

    public static bool IsProtected(byte[] stored) => stored.Length > HeaderLength && stored.AsSpan(0, 4).SequenceEqual(s_magic);

    public byte[] Protect(byte[] pkcs8, string keyId)
    {
        if (_kek is null)
        {
            return pkcs8;
        }

        var nonce = RandomNumberGenerator.GetBytes(12);
        var tag = new byte[16];
        var ciphertext = new byte[pkcs8.Length];
        using (var aes = new AesGcm(_kek, tag.Length))
        {
            aes.Encrypt(nonce, pkcs8, ciphertext, tag, Encoding.UTF8.GetBytes(keyId));
        }

        return [.. s_magic, Version, .. _kekId, .. nonce, .. tag, .. ciphertext];
    }

    public byte[] Unprotect(byte[] stored, string keyId)
    {
        if (!IsProtected(stored))
        {
            return stored;
        }

        if (_kek is null)
        {
            throw new InvalidOperationException(
                $"Signing key '{keyId}' is encrypted, but no key-encryption key was given; give the one it was " +
                "encrypted with (--key-encryption-key-file or TESSERA_KEY_ENCRYPTION_KEY).");
        }

        var kekId = stored.AsSpan(5, 8);
        if (stored[4] != Version || !kekId.SequenceEqual(_kekId))
        {
            throw new InvalidOperationException(
                $"Signing key '{keyId}' was encrypted with another key-encryption key (id {Convert.ToHexStringLower(kekId)}, " +
                $"given {Convert.ToHexStringLower(_kekId)}); give the one it was encrypted with.");
        }

        var nonce = stored.AsSpan(HeaderLength, 12);
        var tag = stored.AsSpan(HeaderLength + 12, 16);
        var ciphertext = stored.AsSpan(HeaderLength + 28);
        var plaintext = new byte[ciphertext.Length];
        using var aes = new AesGcm(_kek, tag.Length);
        try
        {
            aes.Decrypt(nonce, ciphertext, tag, plaintext, Encoding.UTF8.GetBytes(keyId));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new InvalidOperationException($"Signing key '{keyId}' does not decrypt: it was altered in the database.");
        }

        return plaintext;
    }
}
