using System.CommandLine;
using System.Text;
using System.Text.Json;
using Tessera.Cli.Output;
using Tessera.Client;
using Tessera.Client.Contracts;

namespace Tessera.Cli.Commands;

internal static class TokenCommands
{
    public static Command Create()
    {
        var token = new Command("token", "Mint workload tokens and exchange them for access tokens.");
        token.Subcommands.Add(WorkloadCommand());
        token.Subcommands.Add(GetCommand());
        return token;
    }

    private static Command WorkloadCommand()
    {
        var issuer = new Option<string>("--issuer") { Description = "The hosted issuer's name", Required = true };
        var account = new Option<string>("--service-account") { Description = "NAMESPACE/NAME", Required = true };
        var audiences = new Option<string[]>("--audience")
        {
            Description = "Audience (repeatable; default api://AzureADTokenExchange)",
            AllowMultipleArgumentsPerToken = false,
        };
        var lifetime = Integers.Optional("--lifetime", "Lifetime in seconds, 600 to the server maximum (default 3600)", 600, 86400, "seconds");
        var command = new Command("workload", "Print a workload token for a service account.") { issuer, account, audiences, lifetime };
        command.SetAction(async (result, ct) =>
        {
            using var client = CommonOptions.AdminClient(result);
            var requested = result.GetValue(audiences) is { Length: > 0 } given ? given : null;
            var asked = result.GetValue(lifetime);
            var minted = await client.MintWorkloadTokenAsync(result.GetValue(issuer)!,
                new MintWorkloadTokenRequest(result.GetValue(account), requested, asked), ct);
            var granted = (int)(minted.ExpiresAt - minted.IssuedAt).TotalSeconds;
            if (asked is { } seconds && granted < seconds)
            {
                await Console.Error.WriteLineAsync(
                    $"note: {seconds} s were requested; the server's maximum shortened the token to {granted} s.");
            }
            if (CommonOptions.Format(result) == OutputFormat.Json)
            {
                Console.WriteLine(JsonSerializer.Serialize(minted, JsonSerializerOptions.Web));
            }
            else if (Console.IsOutputRedirected)
            {
                // Redirected into a token file: no trailing newline, as SDKs send the file's bytes unchanged.
                Console.Out.Write(minted.Token);
            }
            else
            {
                Console.WriteLine(minted.Token);
            }

            return 0;
        });
        return command;
    }

    private static Command GetCommand()
    {
        var identity = new Option<string>("--identity") { Description = "The identity's client ID or name", Required = true };
        var scope = new Option<string>("--scope") { Description = "RESOURCE/.default, e.g. api://orders/.default", Required = true };
        var assertionFile = new Option<FileInfo>("--assertion-file")
        {
            Description = "A file holding the workload token, sent exactly as read (as the Azure SDKs do)",
            Required = true,
        };
        assertionFile.AcceptExistingOnly();
        assertionFile.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<FileInfo>() is { } file && Directory.Exists(file.FullName))
            {
                r.AddError($"--assertion-file '{file.FullName}' is a folder; give the file holding the workload token.");
            }
        });
        var command = new Command("get", "Exchange a workload token for an access token, as an Azure SDK would.")
        {
            identity, scope, assertionFile, CommonOptions.Tenant,
        };
        command.SetAction(async (result, ct) =>
        {
            var connection = CommonOptions.Connection(result);
            var (clientId, tenantId) = await ResolveAsync(connection, result.GetValue(identity)!,
                result.GetValue(CommonOptions.Tenant), ct);
            var assertion = await File.ReadAllTextAsync(result.GetValue(assertionFile)!.FullName, ct);
            using var http = connection.CreateHttpClient();
            var response = await new TokenEndpointClient(http).RequestAsync(tenantId, clientId, result.GetValue(scope)!,
                assertion, ct);
            return Print(result, response);
        });
        return command;
    }

    /// <summary>Client ID and tenant: straight from the arguments when both are IDs, else looked up.</summary>
    private static async Task<(Guid ClientId, Guid TenantId)> ResolveAsync(
        ServerConnection connection, string identity, string? tenant, CancellationToken ct)
    {
        if (Guid.TryParse(identity, out var clientId) && Guid.TryParse(tenant, out var tenantId))
        {
            return (clientId, tenantId);
        }

        using var client = TesseraAdminClient.Connect(connection);
        var found = await client.GetIdentityAsync(identity, tenant, ct);
        return (found.ClientId, found.TenantId);
    }

    private static int Print(ParseResult result, TokenEndpointResponse response)
    {
        if (CommonOptions.Format(result) == OutputFormat.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(response.Body, new JsonSerializerOptions { WriteIndented = true }));
            return response.Succeeded ? 0 : 1;
        }

        if (!response.Succeeded)
        {
            // An Entra error description already says what failed; anything else (a rate limit, a proxy's
            // page) is only understandable with its HTTP status.
            var message = response.ErrorDescription
                ?? $"HTTP {response.Status}: " + ((response.Body.TryGetProperty("detail", out var problem) ? problem.GetString() : null)
                    ?? response.Body.GetRawText());
            Console.Error.WriteLine($"error: {message}");
            return 1;
        }

        var body = response.Body;
        Console.WriteLine($"Access token ({body.GetProperty("token_type").GetString()}, expires in " +
            $"{body.GetProperty("expires_in").GetInt64()} s):");
        Console.WriteLine(response.AccessToken);
        Console.WriteLine();
        Console.WriteLine("Claims (decoded for display, not verified):");
        foreach (var claim in DecodeClaims(response.AccessToken!).EnumerateObject())
        {
            Console.WriteLine($"  {claim.Name,-10} {claim.Value}");
        }

        return 0;
    }

    private static JsonElement DecodeClaims(string token)
    {
        var payload = token.Split('.')[1];
        var json = Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(payload));
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
