using System.Text.Json;
using Tessera.Client.Files;
using Tessera.Client.Tls;

namespace Tessera.Client;

/// <summary>
/// Where the Tessera server is and how to authenticate to it, resolved from explicit options, then environment
/// variables (<c>TESSERA_SERVER</c>, <c>TESSERA_DATA</c>, <c>TESSERA_ADMIN_TOKEN</c>, <c>TESSERA_CA_FILE</c>), then
/// the data folder the server wrote.
/// </summary>
/// <param name="AdminTokenSource">Where the admin token came from (a variable or a file), for error messages.</param>
public sealed record ServerConnection(Uri Server, string? AdminToken, string? CaFile, string? AdminTokenSource = null)
{
    public const string ServerVariable = "TESSERA_SERVER";
    public const string DataVariable = "TESSERA_DATA";
    public const string AdminTokenVariable = "TESSERA_ADMIN_TOKEN";
    public const string CaFileVariable = "TESSERA_CA_FILE";

    public static ServerConnection Resolve(string? server, string? dataDirectory, string? caFile = null)
    {
        var folder = new DataFolder(dataDirectory ?? Environment.GetEnvironmentVariable(DataVariable) ?? DataFolder.DefaultPath);
        var url = server ?? Environment.GetEnvironmentVariable(ServerVariable) ?? ReadServerUrl(folder);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new TesseraClientException(
                $"The server URL '{url}' is not an https URL; pass it as --server https://HOST:PORT.");
        }

        var fromVariable = Environment.GetEnvironmentVariable(AdminTokenVariable);
        var token = fromVariable ?? ReadIfExists(folder.AdminToken);
        var source = fromVariable is not null ? $"${AdminTokenVariable}" : token is not null ? folder.AdminToken : null;
        var ca = caFile ?? Environment.GetEnvironmentVariable(CaFileVariable)
            ?? (File.Exists(folder.CaCertificate) ? folder.CaCertificate : null);
        if (ca is not null && !File.Exists(ca))
        {
            throw new TesseraClientException($"The CA file '{ca}' does not exist.");
        }

        return new ServerConnection(uri, token?.Trim(), ca, source);
    }

    /// <summary>A client trusting the system roots and, when known, Tessera's CA.</summary>
    public HttpClient CreateHttpClient()
    {
        var trust = CaFile is null ? ExtraRootTrust.None : ExtraRootTrust.FromPemFile(CaFile);
        return new HttpClient(trust.CreateHandler()) { BaseAddress = Server, Timeout = TimeSpan.FromSeconds(30) };
    }

    public string RequireAdminToken() => AdminToken ?? throw new TesseraClientException(
        $"No admin token: set {AdminTokenVariable}, or point --data (or {DataVariable}) at the server's data folder, " +
        "which holds the admin-token file.");

    private static string ReadServerUrl(DataFolder folder)
    {
        if (!File.Exists(folder.ServerState))
        {
            throw new TesseraClientException(
                $"No server given and '{folder.ServerState}' does not exist. Start one with 'tessera serve', or pass " +
                $"--server URL (or {ServerVariable}) and --data DIR (or {DataVariable}).");
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(folder.ServerState));
            return document.RootElement.GetProperty("url").GetString()
                ?? throw new TesseraClientException($"'{folder.ServerState}' names no url.");
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new TesseraClientException(
                $"'{folder.ServerState}' is not a server state file ({ex.Message}); restart 'tessera serve' to rewrite it.");
        }
    }

    private static string? ReadIfExists(string path) => File.Exists(path) ? File.ReadAllText(path) : null;
}
