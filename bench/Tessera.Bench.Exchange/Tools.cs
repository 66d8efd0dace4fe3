using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Tessera.Bench.Exchange;

/// <summary>One wrk run's figures.</summary>
internal sealed record LoadResult(long Requests, double Seconds, long NonOk, long Errors, double P50Ms, double P99Ms)
{
    public double PerSecond => Requests / Seconds;
}

/// <summary>Runs the external tools of the benchmark: wrk pinned to its own core, processes, /proc readings.</summary>
internal static partial class Tools
{
    public static string Run(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true };
        arguments.ToList().ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0
            ? output
            : throw new InvalidOperationException($"{command} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error}{output}");
    }

    /// <summary>Installs wrk from Debian's packages when missing.</summary>
    public static void EnsureWrk()
    {
        if (File.Exists("/usr/bin/wrk"))
        {
            return;
        }

        Console.WriteLine("Installing wrk (Debian package)...");
        if (Environment.UserName == "root")
        {
            Run("apt-get", "install", "-y", "-qq", "wrk");
        }
        else
        {
            Run("sudo", "apt-get", "install", "-y", "-qq", "wrk");
        }
    }

    /// <summary>Drives the token endpoint with wrk on core 1 for <paramref name="seconds"/>.</summary>
    public static LoadResult Wrk(string url, string bodies, string script, int seconds, int connections, double delayMs = 0)
    {
        var start = new ProcessStartInfo("taskset") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-c", "1", "wrk", "-t1", $"-c{connections}", $"-d{seconds}s", "--latency", "-s", script, url })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["TESSERA_BODIES"] = bodies;
        start.Environment["TESSERA_DELAY_MS"] = delayMs.ToString("0.###", CultureInfo.InvariantCulture);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        var match = ResultLine().Match(output);
        if (!match.Success)
        {
            throw new InvalidOperationException($"wrk printed no result:\n{output}");
        }

        long Get(string name) => long.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture);
        return new LoadResult(Get("requests"), Get("duration") / 1e6, Get("nonok"), Get("errors"), Get("p50") / 1000.0, Get("p99") / 1000.0);
    }

    /// <summary>Peak resident memory of a process, in MB (VmHWM).</summary>
    public static double PeakRssMb(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    [GeneratedRegex(@"TESSERA_RESULT requests=(?<requests>\d+) duration_us=(?<duration>\d+) non_ok=(?<nonok>\d+) errors=(?<errors>\d+) p50_us=(?<p50>\d+) p99_us=(?<p99>\d+)")]
    private static partial Regex ResultLine();
}
