using System.Diagnostics;

namespace Tessera.Testing;

/// <summary>What a program printed and how it ended, and how long it took.</summary>
public sealed record ChildResult(int ExitCode, string Output, string Error, TimeSpan Elapsed);

/// <summary>
/// Runs a real client (Node with @azure/identity, or the .NET sample workload) as a child process with an
/// environment built from scratch for the Azure SDKs: whatever the test machine sets is not inherited.
/// </summary>
public static class ChildProcesses
{
    /// <summary>Every variable the Azure SDKs read to choose and configure a credential.</summary>
    private static readonly string[] s_sdkVariables =
    [
        "AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_FEDERATED_TOKEN_FILE", "AZURE_AUTHORITY_HOST",
        "AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PATH", "AZURE_USERNAME", "AZURE_PASSWORD",
        "AZURE_TOKEN_CREDENTIALS", "IDENTITY_ENDPOINT", "IDENTITY_HEADER", "IDENTITY_SERVER_THUMBPRINT",
        "IMDS_ENDPOINT", "MSI_ENDPOINT", "MSI_SECRET", "AZURE_POD_IDENTITY_AUTHORITY_HOST",
    ];

    public static async Task<ChildResult> RunAsync(
        string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment,
        int timeoutSeconds = 120)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in s_sdkVariables)
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(
                $"{program} {string.Join(' ', arguments)} did not finish in {timeoutSeconds} s.");
        }

        return new ChildResult(process.ExitCode, await output, await error, watch.Elapsed);
    }
}
