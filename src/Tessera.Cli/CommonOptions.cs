using System.CommandLine;
using Tessera.Cli.Output;
using Tessera.Client;

namespace Tessera.Cli;

/// <summary>Options every admin command understands, declared once on the root command.</summary>
internal static class CommonOptions
{
    public static readonly Option<string?> Server = new("--server")
    {
        Description = $"Tessera's URL, for example https://127.0.0.1:8443 (default: ${ServerConnection.ServerVariable}, " +
            "or the URL the server wrote to its data folder)",
        Recursive = true,
    };

    public static readonly Option<string?> Data = new("--data")
    {
        Description = $"The server's data folder, where the admin token and CA are (default: ${ServerConnection.DataVariable} " +
            "or ./.tessera)",
        Recursive = true,
    };

    public static readonly Option<string?> CaFile = new("--ca-file")
    {
        Description = $"A PEM file of CA certificates to trust for Tessera's TLS (default: ${ServerConnection.CaFileVariable} " +
            "or the data folder's ca.pem)",
        Recursive = true,
    };

    public static readonly Option<string?> TokenFile = new("--token-file")
    {
        Description = $"A file holding the bearer token to send: an access token for api://tessera-admin (default: " +
            $"${ServerConnection.TokenVariable}, then ${ServerConnection.AdminTokenVariable}, then the data folder's " +
            "admin-token)",
        Recursive = true,
    };

    public static readonly Option<string> Output = CreateOutput();

    public static readonly Option<string?> Tenant = new("--tenant")
    {
        Description = "Tenant ID or name (default: the server's default tenant)",
    };

    public static ServerConnection Connection(ParseResult result) => ServerConnection.Resolve(
        result.GetValue(Server), result.GetValue(Data), result.GetValue(CaFile), result.GetValue(TokenFile));

    public static TesseraAdminClient AdminClient(ParseResult result) => TesseraAdminClient.Connect(Connection(result));

    public static OutputFormat Format(ParseResult result) =>
        result.GetValue(Output) == "json" ? OutputFormat.Json : OutputFormat.Table;

    public static Printer Printer(ParseResult result) => new(Format(result), Console.Out);

    private static Option<string> CreateOutput()
    {
        var output = new Option<string>("--output", "-o")
        {
            Description = "Output format: table or json",
            DefaultValueFactory = _ => "table",
            Recursive = true,
        };
        output.AcceptOnlyFromAmong("table", "json");
        return output;
    }
}
