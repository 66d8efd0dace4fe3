using System.CommandLine;
using Microsoft.Extensions.Logging;
using Tessera.Agent;
using Tessera.Client;
using Tessera.Client.Contracts;

namespace Tessera.Cli.Commands;

internal static class RunCommand
{
    public static Command Create()
    {
        var issuer = new Option<string>("--issuer") { Description = "The hosted issuer that mints the workload's tokens", Required = true };
        var account = new Option<string>("--service-account") { Description = "NAMESPACE/NAME the workload runs as", Required = true };
        var identity = new Option<string>("--identity") { Description = "Client ID or name of the identity to sign in as", Required = true };
        var audience = new Option<string>("--audience")
        {
            Description = "Audience of the workload tokens",
            DefaultValueFactory = _ => "api://AzureADTokenExchange",
        };
        var lifetime = new Option<int>("--lifetime")
        {
            Description = "Workload token lifetime in seconds; renewed at 80% of it",
            DefaultValueFactory = _ => 3600,
        };
        var tokenFile = new Option<string?>("--token-file") { Description = "Where to write the token (default: a private temporary folder)" };
        var verbose = new Option<bool>("--verbose") { Description = "Log each token renewal to stderr" };
        var command = new Argument<string[]>("COMMAND") { Description = "The program to run, and its arguments, after --", Arity = ArgumentArity.OneOrMore };

        var run = new Command("run",
            "Run a program with a workload token file it can sign in with, kept fresh, and the AZURE_* variables set.")
        {
            issuer, account, identity, audience, lifetime, tokenFile, verbose, CommonOptions.Tenant, command,
        };
        run.SetAction(async (result, ct) =>
        {
            var connection = CommonOptions.Connection(result);
            using var client = TesseraAdminClient.Connect(connection);
            var found = await client.GetIdentityAsync(result.GetValue(identity)!, result.GetValue(CommonOptions.Tenant), ct);
            var request = new MintWorkloadTokenRequest(result.GetValue(account), [result.GetValue(audience)!], result.GetValue(lifetime));
            var source = new AdminApiTokenSource(client, result.GetValue(issuer)!, request);
            var plan = new WorkloadRun(found.ClientId, found.TenantId, connection.Server, connection.CaFile, result.GetValue(tokenFile));
            var arguments = result.GetValue(command)!;
            using var logs = LoggerFactory.Create(b => b
                .AddSimpleConsole(o => o.SingleLine = true)
                .AddFilter(null, result.GetValue(verbose) ? LogLevel.Information : LogLevel.Warning)
                .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
            return await plan.RunAsync(source, arguments[0], arguments[1..], logs, ct);
        });
        return run;
    }
}
