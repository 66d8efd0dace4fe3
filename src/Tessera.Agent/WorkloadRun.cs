using System.Net;
using Microsoft.Extensions.Logging;
using Tessera.Agent.ManagedIdentity;
using Tessera.Client;

namespace Tessera.Agent;

/// <summary>
/// One <c>tessera run</c>: write the first token, start the program with the workload identity variables (or a
/// managed identity endpoint), keep the token fresh while it runs, and clean up after it.
/// </summary>
/// <param name="Authority">Tessera's URL, given to the program as <c>AZURE_AUTHORITY_HOST</c>.</param>
/// <param name="CaFile">Tessera's CA, added to the program's trust; null when Tessera's certificate is publicly
/// trusted.</param>
/// <param name="TokenFilePath">Where to write the token; null for a file in a private temporary folder.</param>
public sealed record WorkloadRun(Guid ClientId, Guid TenantId, Uri Authority, string? CaFile, string? TokenFilePath)
{
    /// <summary>
    /// When set, the program gets <c>IDENTITY_ENDPOINT</c> and <c>IDENTITY_HEADER</c> for a managed identity endpoint
    /// on loopback serving these identities (the first is the default), and none of the workload identity
    /// variables. The endpoint exchanges the token file itself.
    /// </summary>
    public IReadOnlyList<ServedIdentity>? ManagedIdentities { get; init; }

    /// <summary>Serve IMDS-style requests without the secret; see <see cref="EndpointSettings.OpenImds"/>.</summary>
    public bool OpenImds { get; init; }

    public async Task<int> RunAsync(
        IWorkloadTokenSource source, string command, IReadOnlyList<string> arguments, ILoggerFactory logs,
        CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("tessera-run-");
        try
        {
            var file = new TokenFile(TokenFilePath ?? Path.Combine(folder.FullName, "azure-identity-token"));
            var refresher = new TokenRefresher(source, file, TimeProvider.System, logs.CreateLogger<TokenRefresher>());
            var first = await refresher.WriteFirstAsync(cancellationToken);

            using var http = ManagedIdentities is null
                ? null
                : new ServerConnection(Authority, null, CaFile).CreateHttpClient();
            await using var endpoint = http is null
                ? null
                : await StartEndpointAsync(http, file, logs, cancellationToken);
            var environment = endpoint is null
                ? WorkloadEnvironment.For(ClientId, TenantId, file.Path, Authority)
                : ManagedIdentityEnvironment.For(endpoint.Endpoint, endpoint.Secret);
            if (CaFile is not null)
            {
                foreach (var (name, value) in TrustBundle.Prepare(CaFile, folder.FullName))
                {
                    environment[name] = value;
                }
            }

            using var child = new ChildProcess();
            var unset = endpoint is null ? null : ManagedIdentityEnvironment.Displaced;
            child.Start(command, arguments, environment, unset);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var renewing = refresher.RunAsync(first, stop.Token);
            var exitCode = await child.WaitAsync();
            await stop.CancelAsync();
            await renewing.ContinueWith(_ => { }, TaskScheduler.Default);
            return exitCode;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private async Task<RunningEndpoint> StartEndpointAsync(
        HttpClient http, TokenFile file, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        var secret = ManagedIdentityEnvironment.SecretFrom(Environment.GetEnvironmentVariable);
        var settings = new EndpointSettings(new IPEndPoint(IPAddress.Loopback, 0), secret, ManagedIdentities!)
        {
            OpenImds = OpenImds,
        };
        var exchanger = new FederatedExchanger(
            new TokenEndpointClient(http), file.Path, TimeProvider.System, logs.CreateLogger<FederatedExchanger>());
        var endpoint = await ManagedIdentityEndpoint.StartAsync(settings, exchanger, logs, null, cancellationToken);
        return new RunningEndpoint(endpoint, secret);
    }

    private sealed record RunningEndpoint(ManagedIdentityEndpoint Endpoint, IdentityHeaderSecret Secret)
        : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Endpoint.DisposeAsync();
    }
}
