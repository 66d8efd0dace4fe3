using System.CommandLine;
using Microsoft.Extensions.Logging;
using Tessera.Agent.ManagedIdentity;
using Tessera.Client;

namespace Tessera.Cli.Commands;

/// <summary><c>tessera agent</c>: what Tessera's agent runs where it is not started by <c>tessera run</c>.</summary>
internal static class AgentCommands
{
    public static Command Create()
    {
        var listen = new Option<string>("--listen")
        {
            Description = "Loopback address and port to serve on, for example 127.0.0.1:8000",
            Required = true,
        };
        var serve = new Command("serve-identity-endpoint",
            "Serve the managed identity endpoint for the identity in AZURE_CLIENT_ID, exchanging the token file in " +
            "AZURE_FEDERATED_TOKEN_FILE at AZURE_AUTHORITY_HOST; callers send IDENTITY_HEADER. Runs until SIGTERM. " +
            "The Kubernetes webhook's sidecar runs this.")
        {
            listen,
        };
        serve.SetAction(async (result, ct) =>
        {
            var address = ListenAddress.Parse(result.GetValue(listen)!);
            var configuration = SidecarConfiguration.Read(Environment.GetEnvironmentVariable);
            var caFile = result.GetValue(CommonOptions.CaFile)
                ?? Environment.GetEnvironmentVariable(ServerConnection.CaFileVariable);
            using var logs = LoggerFactory.Create(b => b
                .AddSimpleConsole(o => o.SingleLine = true)
                .AddFilter(null, LogLevel.Information));
            return await IdentityEndpointSidecar.ServeAsync(configuration, address, caFile, logs, ct);
        });

        return new Command("agent", "Tessera's agent outside 'tessera run'.") { serve };
    }
}
