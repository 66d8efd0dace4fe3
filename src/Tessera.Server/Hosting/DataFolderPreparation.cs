using System.Net;
using System.Net.Sockets;
using System.Data.Common;
using Tessera.Client.Files;
using Tessera.Storage.Sql;
using Tessera.Storage.Sqlite;

namespace Tessera.Server.Hosting;

/// <summary>
/// Everything checked and prepared on disk before a server starts, in an order that leaves nothing half-made when a
/// check fails: the port is free, no other server uses the data folder, the database is present whenever the rest
/// of an installation is, and every secret file is readable by the service user only.
/// </summary>
internal static class DataFolderPreparation
{
    /// <summary>Prepares the folder and returns it with the lock that keeps other servers out while it runs.</summary>
    public static (DataFolder Folder, FileStream Lock, SqlDialect Dialect) Prepare(ServerOptions options)
    {
        EnsurePortIsFree(options);
        var folder = new DataFolder(options.DataDirectory);
        folder.Create();
        var folderLock = Lock(folder);
        try
        {
            if (options.Store == StoreKinds.Sqlite)
            {
                RefuseLostDatabase(folder);
                CreatePrivately(folder.Database);
            }

            NarrowSecrets(folder);
            var dialect = StoreKinds.Open(options.Store, options.StoreConnection, folder);
            Migrate(dialect, options.Store == StoreKinds.Sqlite ? $"The database '{folder.Database}'" : "The PostgreSQL database");
            return (folder, folderLock, dialect);
        }
        catch
        {
            folderLock.Dispose();
            throw;
        }
    }

    private static void EnsurePortIsFree(ServerOptions options)
    {
        if (options.Port == 0)
        {
            return;
        }

        var address = options.Host switch
        {
            "localhost" => IPAddress.Loopback,
            "0.0.0.0" => IPAddress.Any,
            "::" => IPAddress.IPv6Any,
            _ => IPAddress.Parse(options.Host),
        };
        try
        {
            using var probe = new TcpListener(address, options.Port);
            probe.Start();
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new IOException(
                $"Port {options.Port} on {options.Host} is already in use by another process; stop it or choose another --port.");
        }
    }

    private static FileStream Lock(DataFolder folder)
    {
        var path = Path.Combine(folder.Root, "serve.lock");
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = PrivateFiles.OwnerOnly;
        }

        try
        {
            return new FileStream(path, options);
        }
        catch (IOException)
        {
            var where = File.Exists(folder.ServerState) ? $" ({File.ReadAllText(folder.ServerState)})" : "";
            throw new IOException(
                $"Another Tessera server is already serving from the data folder '{folder.Root}'{where}. Stop it first, " +
                "or give this one its own --data folder.");
        }
    }

    /// <summary>
    /// An installation whose database vanished must not silently start over: a new database means a new tenant ID,
    /// which every workload's AZURE_TENANT_ID names.
    /// </summary>
    private static void RefuseLostDatabase(DataFolder folder)
    {
        var database = new FileInfo(folder.Database);
        if ((!database.Exists || database.Length == 0) && File.Exists(folder.AdminToken))
        {
            throw new InvalidOperationException(
                $"The data folder '{folder.Root}' holds an installation (admin-token, certificates) but its database " +
                "tessera.db is missing or empty, so its tenants, identities and keys are gone. Restore tessera.db from " +
                "a backup, or start afresh with an empty data folder.");
        }
    }

    /// <summary>Creates the database file with mode 0600 so SQLite, which gives its journal files the database's mode,
    /// never creates anything readable by others.</summary>
    private static void CreatePrivately(string path)
    {
        if (File.Exists(path) || OperatingSystem.IsWindows())
        {
            return;
        }

        using var _ = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = PrivateFiles.OwnerOnly,
        });
    }

    private static void NarrowSecrets(DataFolder folder)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string[] secrets = [folder.Database, folder.Database + "-wal", folder.Database + "-shm", folder.AdminToken, folder.CaKey, folder.ServerKey];
        foreach (var path in secrets.Where(File.Exists))
        {
            if ((File.GetUnixFileMode(path) & ~PrivateFiles.OwnerOnly) != 0)
            {
                File.SetUnixFileMode(path, PrivateFiles.OwnerOnly);
            }
        }
    }

    private static void Migrate(SqlDialect dialect, string database)
    {
        try
        {
            dialect.Migrate();
        }
        catch (Exception ex) when (ex is DbException || ex.InnerException is DbException)
        {
            var reason = (ex as DbException ?? (DbException)ex.InnerException!).Message;
            var advice = dialect is SqliteDialect
                ? "Restore it from a backup, or move it aside to start afresh (which creates a new tenant ID)."
                : "Check that the server is up, the database exists and the user may create tables in it.";
            throw new InvalidOperationException($"{database} cannot be used: {reason}. {advice}", ex);
        }
    }
}
