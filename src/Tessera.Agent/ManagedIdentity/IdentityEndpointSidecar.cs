using System.Net;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Tessera.Client;

namespace Tessera.Agent.ManagedIdentity;

/// <summary>
/// <c>tessera agent serve-identity-endpoint</c>, the Kubernetes webhook's native sidecar: the endpoint for the pod's
/// identity, exchanging the token file the kubelet keeps fresh, until SIGTERM (or SIGINT) asks it to stop.
/// </summary>
public static partial class IdentityEndpointSidecar
{
    /// <param name="caFile">Extra roots to trust for Tessera's TLS, beyond the system's (which
    /// <c>SSL_CERT_FILE</c> may replace).</param>
    public static async Task<int> ServeAsync(
        SidecarConfiguration configuration,
        IPEndPoint listen,
        string? caFile,
        ILoggerFactory logs,
        CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop(stop));
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop(stop));
        var logger = logs.CreateLogger(typeof(IdentityEndpointSidecar));
        if (!File.Exists(configuration.TokenFile))
        {
            LogTokenFileMissing(logger, configuration.TokenFile);
        }

        using var http = new ServerConnection(configuration.Authority, null, caFile).CreateHttpClient();
        var exchanger = new FederatedExchanger(new TokenEndpointClient(http), configuration.TokenFile,
            TimeProvider.System, logs.CreateLogger<FederatedExchanger>());
        await using var endpoint = await ManagedIdentityEndpoint.StartAsync(
            configuration.Settings(listen), exchanger, logs, null, stop.Token);
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
            LogStopping(logger);
        }

        return 0;
    }

    private static Action<PosixSignalContext> Stop(CancellationTokenSource stop) => context =>
    {
        context.Cancel = true;
        stop.Cancel();
    };

    [LoggerMessage(EventId = 5108, Level = LogLevel.Warning,
        Message = "The workload token file {Path} does not exist yet; requests fail until the kubelet writes it")]
    private static partial void LogTokenFileMissing(ILogger logger, string path);

    [LoggerMessage(EventId = 5109, Level = LogLevel.Information, Message = "Stopping the managed identity endpoint")]
    private static partial void LogStopping(ILogger logger);
}
