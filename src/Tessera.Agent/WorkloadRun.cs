using Microsoft.Extensions.Logging;

namespace Tessera.Agent;

/// <summary>
/// One <c>tessera run</c>: write the first token, start the program with the workload identity variables, keep the
/// token fresh while it runs, and clean up after it.
/// </summary>
/// <param name="Authority">Tessera's URL, given to the program as <c>AZURE_AUTHORITY_HOST</c>.</param>
/// <param name="CaFile">Tessera's CA, added to the program's trust; null when Tessera's certificate is publicly
/// trusted.</param>
/// <param name="TokenFilePath">Where to write the token; null for a file in a private temporary folder.</param>
public sealed record WorkloadRun(Guid ClientId, Guid TenantId, Uri Authority, string? CaFile, string? TokenFilePath)
{
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

            var environment = WorkloadEnvironment.For(ClientId, TenantId, file.Path, Authority);
            if (CaFile is not null)
            {
                foreach (var (name, value) in TrustBundle.Prepare(CaFile, folder.FullName))
                {
                    environment[name] = value;
                }
            }

            using var child = new ChildProcess();
            child.Start(command, arguments, environment);
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
}
