using System.Text.Json;
using Tessera.Client.Files;
using Tessera.Client.Tls;

namespace Tessera.Client;

/// <summary>
/// Where the Tessera server is and how to authenticate to it, resolved from explicit options, then environment
/// variables (<c>TESSERA_SERVER</c>, <c>TESSERA_DATA</c>, <c>TESSERA_TOKEN</c>, <c>TESSERA_ADMIN_TOKEN</c>,
/// <c>TESSERA_CA_FILE</c>), then the data folder the server wrote. The bearer token is, first found: the file given
/// as <c>--token-file</c>, <c>TESSERA_TOKEN</c> (an access token for <c>api://tessera-admin</c>, say from a CI job),
/// <c>TESSERA_ADMIN_TOKEN</c>, the data folder's <c>admin-token</c> file.
/// </summary>
/// <param name="AdminTokenSource">Where the admin token came from (a variable or a file), for error messages.</param>
public sealed record ServerConnection(Uri Server, string? AdminToken, string? CaFile, string? AdminTokenSource = null)
{
    public const string ServerVariable = "TESSERA_SERVER";
    public const string DataVariable = "TESSERA_DATA";
    public const string AdminTokenVariable = "TESSERA_ADMIN_TOKEN";
    public const string CaFileVariable = "TESSERA_CA_FILE";
    public const string TokenVariable = "TESSERA_TOKEN";

    public static ServerConnection Resolve(string? server, string? dataDirectory, string? caFile = null,
        string? tokenFile = null)
    {
        var folder = new DataFolder(dataDirectory ?? Environment.GetEnvironmentVariable(DataVariable) ?? DataFolder.DefaultPath);
        var url = server ?? Environment.GetEnvironmentVariable(ServerVariable) ?? ReadServerUrl(folder);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new TesseraClientException(
                $"The server URL '{url}' is not an https URL; pass it as --server https://HOST:PORT.");
        }

        var (token, source) = ResolveToken(folder, tokenFile);
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
        $"No admin token: set {AdminTokenVariable}, point --data (or {DataVariable}) at the server's data folder, " +
        $"which holds the admin-token file, or give an access token for api://tessera-admin with --token-file or " +
        $"{TokenVariable}.");

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

    private static (string? Token, string? Source) ResolveToken(DataFolder folder, string? tokenFile)
    {
        if (tokenFile is not null)
        {
            return File.Exists(tokenFile)
                ? (File.ReadAllText(tokenFile), tokenFile)
                : throw new TesseraClientException($"The token file '{tokenFile}' does not exist.");
        }

        foreach (var variable in new[] { TokenVariable, AdminTokenVariable })
        {
            if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value)
            {
                return (value, $"${variable}");
            }
        }

        return File.Exists(folder.AdminToken) ? (File.ReadAllText(folder.AdminToken), folder.AdminToken) : (null, null);
    }
}
