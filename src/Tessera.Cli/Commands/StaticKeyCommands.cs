using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Tessera.Client.Contracts;

namespace Tessera.Cli.Commands;

/// <summary>
/// Key sets for issuers the STS cannot fetch from, typically a private cluster's API server: the administrator
/// copies the cluster's JWKS into Tessera, and copies it again after the cluster rotates its keys.
/// </summary>
internal static class StaticKeyCommands
{
    public static Command Create()
    {
        var command = new Command("static-keys",
            "Upload the key set of an issuer Tessera cannot reach (a private cluster: kubectl get --raw /openid/v1/jwks).");

        var list = new Command("list", "List uploaded key sets and the keys each holds.");
        list.SetAction(async (result, ct) =>
        {
            using var client = CommonOptions.AdminClient(result);
            CommonOptions.Printer(result).List(await client.ListStaticKeySetsAsync(ct),
                ("ISSUER", s => s.Issuer), ("UPDATED", s => s.UpdatedAt.ToString("u", CultureInfo.InvariantCulture)),
                ("KEY IDS", s => string.Join(", ", s.KeyIds)), ("REFUSED", s => s.RefusedKeys.Count.ToString(CultureInfo.InvariantCulture)));
            return 0;
        });

        var issuer = new Option<string>("--issuer")
        {
            Description = "The issuer URL, exactly as in its tokens' 'iss' claim",
            Required = true,
        };
        var file = new Option<string>("--jwks-file")
        {
            Description = "File holding the issuer's JWKS document; '-' reads standard input",
            Required = true,
        };
        var set = new Command("set",
            "Upload (or replace) an issuer's key set. Tessera then verifies that issuer's tokens with these keys and " +
            "never fetches its discovery document; upload again after the issuer rotates its keys.")
        {
            issuer, file,
        };
        set.SetAction(async (result, ct) =>
        {
            var path = result.GetValue(file)!;
            if (await ReadJwksAsync(path, ct) is not { } jwks)
            {
                return 2;
            }

            using var client = CommonOptions.AdminClient(result);
            var stored = await client.SetStaticKeySetAsync(new SetStaticKeySetRequest(result.GetValue(issuer), jwks), ct);
            Console.WriteLine($"Uploaded {stored.KeyIds.Count} key(s) for {stored.Issuer}: {string.Join(", ", stored.KeyIds)}.");
            foreach (var (kid, reason) in stored.RefusedKeys)
            {
                Console.WriteLine($"Left out key '{kid}': {reason}");
            }

            return 0;
        });

        var deleteIssuer = new Option<string>("--issuer") { Description = "The issuer URL", Required = true };
        var delete = new Command("delete", "Delete an issuer's uploaded key set; its keys are then fetched again.")
        {
            deleteIssuer,
        };
        delete.SetAction(async (result, ct) =>
        {
            using var client = CommonOptions.AdminClient(result);
            await client.DeleteStaticKeySetAsync(result.GetValue(deleteIssuer)!, ct);
            Console.WriteLine($"Deleted the uploaded key set of {result.GetValue(deleteIssuer)}; its keys will be fetched.");
            return 0;
        });

        command.Subcommands.Add(list);
        command.Subcommands.Add(set);
        command.Subcommands.Add(delete);
        return command;
    }

    /// <summary>The server's limit on a key set (its fetch limit for any issuer document).</summary>
    private const int MaxKeySetBytes = 512 * 1024;

    /// <summary>The file's JSON, or null after saying on standard error why it cannot be used.</summary>
    private static async Task<JsonElement?> ReadJwksAsync(string path, CancellationToken ct)
    {
        if (path != "-" && Directory.Exists(path))
        {
            await Console.Error.WriteLineAsync($"error: '{path}' is a folder; give the JWKS file itself (or - for standard input).");
            return null;
        }

        byte[] bytes;
        try
        {
            // Read at most one byte past the server's limit, so a huge file or an endless device is refused here.
            await using var stream = path == "-" ? Console.OpenStandardInput() : File.OpenRead(path);
            var buffer = new byte[MaxKeySetBytes + 1];
            var read = 0;
            int chunk;
            while (read < buffer.Length && (chunk = await stream.ReadAsync(buffer.AsMemory(read), ct)) > 0)
            {
                read += chunk;
            }

            bytes = buffer[..read];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"error: cannot read the key set file '{path}': {ex.Message}");
            return null;
        }

        if (bytes.Length > MaxKeySetBytes)
        {
            await Console.Error.WriteLineAsync(
                $"error: '{path}' is larger than {MaxKeySetBytes / 1024} KiB, the most a key set may have; a JWKS holds " +
                "a few public keys, a few KB. Check that the file is the issuer's JWKS document.");
            return null;
        }

        if (bytes.AsSpan().Trim(" \r\n\t"u8).IsEmpty)
        {
            await Console.Error.WriteLineAsync(
                $"error: '{path}' is empty. Give the issuer's JWKS document, such as the output of " +
                "'kubectl get --raw /openid/v1/jwks'.");
            return null;
        }

        var text = System.Text.Encoding.UTF8.GetString(bytes);

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            await Console.Error.WriteLineAsync(
                $"error: '{path}' is not JSON ({ex.Message}). Give the issuer's JWKS document, such as the output of " +
                "'kubectl get --raw /openid/v1/jwks'.");
            return null;
        }
    }
}
