using System.CommandLine;
using Microsoft.Extensions.Logging;
using Tessera.Agent;
using Tessera.Agent.ManagedIdentity;
using Tessera.Client;
using Tessera.Client.Contracts;

namespace Tessera.Cli.Commands;

internal static class RunCommand
{
    public const string AgentCredentialVariable = "TESSERA_AGENT_CREDENTIAL_FILE";

    public static Command Create()
    {
        var issuer = new Option<string>("--issuer") { Description = "The hosted issuer that mints the workload's tokens", Required = true };
        var account = new Option<string>("--service-account") { Description = "NAMESPACE/NAME the workload runs as", Required = true };
        var identity = new Option<string[]>("--identity")
        {
            Description = "Client ID or name of the identity to sign in as (a client ID with --agent-credential-file); " +
                "repeat it with --managed-identity to serve several, the first being the default",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        var managedIdentity = new Option<bool>("--managed-identity")
        {
            Description = "Give the program a managed identity endpoint on loopback (IDENTITY_ENDPOINT, " +
                "IDENTITY_HEADER) instead of a token file and the AZURE_* variables",
        };
        var imds = new Option<bool>("--imds")
        {
            Description = "With --managed-identity, also answer IMDS-style requests (Metadata: true) that lack the " +
                "IDENTITY_HEADER secret; any user of this machine could then get the identity's tokens",
        };
        var audience = new Option<string>("--audience")
        {
            Description = "Audience of the workload tokens",
            DefaultValueFactory = _ => "api://AzureADTokenExchange",
        };
        var lifetime = Integers.Required("--lifetime", "Workload token lifetime in seconds; renewed at 80% of it", 3600, 600, 86400,
            "seconds");
        var tokenFile = new Option<string?>("--token-file") { Description = "Where to write the token (default: a private temporary folder)" };
        tokenFile.Validators.Add(r =>
        {
            var path = r.GetValueOrDefault<string?>();
            var folder = path is null ? null : Path.GetDirectoryName(Path.GetFullPath(path));
            if (folder is not null && !Directory.Exists(folder))
            {
                r.AddError($"The folder of --token-file, '{folder}', does not exist; create it first.");
            }
            else if (path is not null && Directory.Exists(path))
            {
                r.AddError($"--token-file '{path}' is a folder; give the path of the file to write.");
            }
        });
        var agentCredential = new Option<FileInfo?>("--agent-credential-file")
        {
            Description = $"Mint with an agent credential instead of the admin token (default: ${AgentCredentialVariable})",
        };
        var verbose = new Option<bool>("--verbose") { Description = "Log each token renewal to stderr" };
        var command = new Argument<string[]>("COMMAND") { Description = "The program to run, and its arguments, after --", Arity = ArgumentArity.OneOrMore };

        var run = new Command("run",
            "Run a program with a workload token file it can sign in with, kept fresh, and the AZURE_* variables set; " +
            "or, with --managed-identity, with a managed identity endpoint.")
        {
            issuer, account, identity, managedIdentity, imds, audience, lifetime, tokenFile, agentCredential, verbose,
            CommonOptions.Tenant, command,
        };
        run.Validators.Add(r =>
        {
            var managed = r.GetValue(managedIdentity);
            if (!managed && r.GetValue(identity) is { Length: > 1 } several)
            {
                r.AddError($"--identity is given {several.Length} times; serving several identities needs " +
                    "--managed-identity (workload identity variables name one).");
            }

            if (!managed && r.GetValue(imds))
            {
                r.AddError("--imds needs --managed-identity: it opens the managed identity endpoint to IMDS requests.");
            }
        });
        run.SetAction(async (result, ct) =>
        {
            var connection = CommonOptions.Connection(result);
            var credentialFile = result.GetValue(agentCredential)?.FullName ?? Environment.GetEnvironmentVariable(AgentCredentialVariable);
            using var client = credentialFile is null
                ? TesseraAdminClient.Connect(connection)
                : new TesseraAdminClient(connection.CreateHttpClient(), ReadSecret(credentialFile));
            var served = new List<ServedIdentity>();
            foreach (var name in result.GetValue(identity)!)
            {
                served.Add(await ResolveAsync(
                    client, credentialFile is not null, name, result.GetValue(CommonOptions.Tenant), ct));
            }

            var request = new MintWorkloadTokenRequest(result.GetValue(account), [result.GetValue(audience)!], result.GetValue(lifetime));
            var source = new AdminApiTokenSource(client, result.GetValue(issuer)!, request);
            var plan = new WorkloadRun(
                served[0].ClientId, served[0].TenantId, connection.Server, connection.CaFile, result.GetValue(tokenFile))
            {
                ManagedIdentities = result.GetValue(managedIdentity) ? served : null,
                OpenImds = result.GetValue(imds),
            };
            var arguments = result.GetValue(command)!;
            using var logs = LoggerFactory.Create(b => b
                .AddSimpleConsole(o => o.SingleLine = true)
                .AddFilter(null, result.GetValue(verbose) ? LogLevel.Information : LogLevel.Warning)
                .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
            return await plan.RunAsync(source, arguments[0], arguments[1..], logs, ct);
        });
        return run;
    }

    /// <summary>
    /// The identity's client ID and tenant (and, looked up with the admin token, its principal and resource IDs);
    /// with only an agent credential, which may not read the directory, taken from the arguments.
    /// </summary>
    private static async Task<ServedIdentity> ResolveAsync(
        TesseraAdminClient client, bool agent, string identity, string? tenant, CancellationToken ct)
    {
        if (!agent)
        {
            var found = await client.GetIdentityAsync(identity, tenant, ct);
            return new ServedIdentity(found.ClientId, found.TenantId, found.PrincipalId, found.ResourceId);
        }

        if (!Guid.TryParse(identity, out var clientId) || !Guid.TryParse(tenant, out var tenantId))
        {
            throw new TesseraClientException(
                "With --agent-credential-file, give --identity as a client ID and --tenant as a tenant ID (GUIDs): an " +
                "agent credential may mint tokens but not read the directory.");
        }

        return new ServedIdentity(clientId, tenantId);
    }

    private static string ReadSecret(string path)
    {
        if (!File.Exists(path))
        {
            throw new TesseraClientException($"The agent credential file '{path}' does not exist.");
        }

        if (!OperatingSystem.IsWindows()
            && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
        {
            throw new TesseraClientException(
                $"The agent credential file '{path}' can be read by other users; it holds a secret. Run: chmod 600 '{path}'");
        }

        var secret = File.ReadAllText(path).Trim();
        return secret.StartsWith("tsg_", StringComparison.Ordinal)
            ? secret
            : throw new TesseraClientException(
                $"'{path}' does not hold an agent credential (a secret starting with tsg_); create one with " +
                "'tessera agent-credential create'.");
    }
}
