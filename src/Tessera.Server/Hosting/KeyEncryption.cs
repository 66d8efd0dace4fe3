using System.Security.Cryptography;
using System.Text;
using Tessera.Client.Files;
using Tessera.Keys;

namespace Tessera.Server.Hosting;

/// <summary>
/// Finds the key-encryption key that protects private signing keys in the store: a file named by an option, the
/// <c>TESSERA_KEY_ENCRYPTION_KEY</c> variable (base64), or, for the embedded store only, a key kept in the data
/// folder (created on first start). A shared PostgreSQL store gets none by default: its backups leave the machine,
/// so the KEK must be supplied from elsewhere.
/// </summary>
public static class KeyEncryption
{
    public const string Variable = "TESSERA_KEY_ENCRYPTION_KEY";
    public const string FileName = "key-encryption.key";

    public static KeyProtector Resolve(ServerOptions options, DataFolder folder)
    {
        if (options.KeyEncryptionKeyFile is { } file)
        {
            return Read(() => KeyProtector.FromFile(file), $"--key-encryption-key-file '{file}'");
        }

        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } encoded)
        {
            return Read(() => KeyProtector.FromKey(Convert.FromBase64String(encoded.Trim())), $"${Variable}");
        }

        if (options.Store != StoreKinds.Sqlite)
        {
            throw new InvalidOperationException(
                "With --store postgres the private signing keys live in the shared database, so they must be encrypted " +
                $"with a key-encryption key kept elsewhere: give --key-encryption-key-file FILE or ${Variable} (32 " +
                "random bytes, base64; create one with: head -c 32 /dev/urandom | base64). Every replica needs the same one.");
        }

        var path = Path.Combine(folder.Root, FileName);
        if (!File.Exists(path))
        {
            PrivateFiles.Write(path, Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
        }

        return Read(() => KeyProtector.FromFile(path), $"'{path}'");
    }

    private static KeyProtector Read(Func<KeyProtector> read, string source)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"The key-encryption key from {source} cannot be used: {ex.Message}", ex);
        }
    }
}
