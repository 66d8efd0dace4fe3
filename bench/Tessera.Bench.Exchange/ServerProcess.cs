using System.Diagnostics;
using Tessera.Client;

namespace Tessera.Bench.Exchange;

/// <summary>A <c>tessera serve</c> process pinned to core 0, as the benchmark measures it.</summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, string dataDirectory, int port)
    {
        _process = process;
        DataDirectory = dataDirectory;
        Port = port;
    }

    public string DataDirectory { get; }

    public int Port { get; }

    public int Pid => _process.Id;

    public string Url => $"https://127.0.0.1:{Port}";

    public DateTime StartedAt => _process.StartTime;

    /// <summary>Starts the published CLI; returns as soon as the process runs (not when it serves).</summary>
    public static ServerProcess Start(string tesseraDll, string dataDirectory, int port, params string[] extra)
    {
        var start = new ProcessStartInfo("taskset") { RedirectStandardOutput = true, RedirectStandardError = true };
        string[] arguments =
        [
            "-c", "0", "dotnet", tesseraDll, "serve", "--data", dataDirectory, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--rate-limit-per-address", "0", "--rate-limit-per-identity", "0", "--log-level", "warning", .. extra,
        ];
        arguments.ToList().ForEach(start.ArgumentList.Add);
        var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        return new ServerProcess(process, dataDirectory, port);
    }

    /// <summary>Waits until the admin API answers.</summary>
    public async Task WaitReadyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"tessera serve exited with code {_process.ExitCode}.");
            }

            try
            {
                using var http = ServerConnection.Resolve(Url, DataDirectory).CreateHttpClient();
                if ((await http.GetAsync("healthz")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TesseraClientException or TaskCanceledException)
            {
                // Not up yet.
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("tessera serve did not come up within 60 seconds.");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
