using System.Diagnostics;
using Tessera.Testing;

namespace Tessera.Cli.Tests;

/// <summary>The result of one CLI run.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error);

/// <summary>Runs the built <c>tessera</c> CLI as a child process, the way a user runs it.</summary>
public static class CliProcess
{
    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(RepositoryPaths.TesseraCli);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("TESSERA_SERVER");
        start.Environment.Remove("TESSERA_DATA");
        start.Environment.Remove("TESSERA_ADMIN_TOKEN");
        start.Environment.Remove("TESSERA_TOKEN");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return start;
    }

    public static async Task<CliResult> RunAsync(
        IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, int timeoutSeconds = 120,
        string? input = null)
    {
        using var process = Process.Start(StartInfo(arguments, environment))!;
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
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
            throw new TimeoutException($"tessera {string.Join(' ', arguments)} did not finish in {timeoutSeconds} s.");
        }

        return new CliResult(process.ExitCode, await output, await error);
    }
}
