namespace Tessera.Client.Files;

/// <summary>
/// The files of one Tessera installation. Created with mode 0700; secrets inside are 0600.
/// </summary>
public sealed class DataFolder
{
    public const string DefaultPath = ".tessera";

    public DataFolder(string path)
    {
        Root = Path.GetFullPath(path);
    }

    public string Root { get; }

    public string Database => Path.Combine(Root, "tessera.db");

    public string CaCertificate => Path.Combine(Root, "ca.pem");

    public string CaKey => Path.Combine(Root, "ca.key");

    public string ServerCertificate => Path.Combine(Root, "server.pem");

    public string ServerKey => Path.Combine(Root, "server.key");

    /// <summary>The bootstrap admin token, for the CLI on this machine; the database holds only its hash.</summary>
    public string AdminToken => Path.Combine(Root, "admin-token");

    /// <summary>Where the running server says it listens, for the CLI to find it.</summary>
    public string ServerState => Path.Combine(Root, "server.json");

    public void Create() => PrivateFiles.EnsureDirectory(Root);
}
