using System.CommandLine;
using Tessera.Client.Files;
using Tessera.Domain.Audit;
using Tessera.Server.Admin;
using Tessera.Storage.Sql;
using Tessera.Server.Hosting;

namespace Tessera.Cli.Commands;

internal static class AdminCommands
{
    public static Command Create()
    {
        var admin = new Command("admin", "Administer Tessera's own credentials.");
        var reset = new Command("reset-token",
            "Replace the admin token, working directly on the data folder (for a lost or leaked token). The old token " +
            "stops working at once, even for a running server. With PostgreSQL, set TESSERA_STORE=postgres and " +
            "TESSERA_STORE_CONNECTION as for 'serve'.");
        reset.SetAction(async (result, ct) =>
        {
            var folder = new DataFolder(result.GetValue(CommonOptions.Data)
                ?? Environment.GetEnvironmentVariable("TESSERA_DATA") ?? DataFolder.DefaultPath);
            var kind = Environment.GetEnvironmentVariable(StoreKinds.StoreVariable) ?? StoreKinds.Sqlite;
            var connection = Environment.GetEnvironmentVariable(StoreKinds.ConnectionVariable);
            if (StoreKinds.Validate(kind, connection).FirstOrDefault() is { } problem)
            {
                await Console.Error.WriteLineAsync($"error: {problem}");
                return 1;
            }

            if (kind == StoreKinds.Sqlite && !File.Exists(folder.Database))
            {
                await Console.Error.WriteLineAsync(
                    $"error: '{folder.Database}' does not exist; give the server's data folder with --data DIR.");
                return 1;
            }

            var dialect = StoreKinds.Open(kind, connection, folder);
            using var disposable = dialect as IDisposable;
            var store = new SqlDirectoryStore(dialect, TimeProvider.System);
            var token = BearerSecrets.Generate(BearerSecrets.AdminPrefix);
            PrivateFiles.Write(folder.AdminToken, token);
            await store.SetSettingAsync(BearerSecrets.AdminHashSetting, BearerSecrets.Hash(token), ct);
            await store.AddAuditRecordAsync(new AuditRecord(Guid.NewGuid(), DateTimeOffset.UtcNow, null,
                $"tessera admin reset-token ({Environment.UserName}@{Environment.MachineName})", "admin-token.reset",
                "/admin/admin-token", null, null, Guid.NewGuid().ToString(), null), ct);
            Console.WriteLine($"The admin token was replaced; the old one no longer works. The new one is in {folder.AdminToken}.");
            return 0;
        });
        admin.Subcommands.Add(reset);
        admin.Subcommands.Add(RotateCommand());
        return admin;
    }

    private static Command RotateCommand()
    {
        var rotate = new Command("rotate-token",
            "Replace the admin token through the running server, authenticated with the current one. The old token " +
            "stops working at once. The new one is written to the data folder's admin-token file when that is where " +
            "the current one came from, else printed once.");
        rotate.SetAction(async (result, ct) =>
        {
            var connection = CommonOptions.Connection(result);
            using var client = Tessera.Client.TesseraAdminClient.Connect(connection);
            var rotated = await client.RotateAdminTokenAsync(ct);
            var folder = new DataFolder(result.GetValue(CommonOptions.Data)
                ?? Environment.GetEnvironmentVariable("TESSERA_DATA") ?? DataFolder.DefaultPath);
            if (connection.AdminTokenSource == folder.AdminToken)
            {
                PrivateFiles.Write(folder.AdminToken, rotated.Token);
                Console.WriteLine("The admin token was replaced; the old one no longer works. The new one is in " +
                    $"{folder.AdminToken}.");
            }
            else
            {
                Console.WriteLine(
                    "The admin token was replaced; the old one no longer works. The new one, shown once:");
                Console.WriteLine(rotated.Token);
            }

            return 0;
        });
        return rotate;
    }
}
