using System.Diagnostics;
using System.Text.Json;
using Tessera.Testing;

namespace Tessera.Cli.Tests;

/// <summary>A 'tessera serve' process on a temporary data folder and a free port, stopped with SIGTERM.</summary>
public sealed class ServeFixture : IAsyncLifetime
{
    private Process? _serve;

    public ServeFixture()
        : this(Directory.CreateTempSubdirectory("tessera-cli-").FullName)
    {
    }

    private ServeFixture(string dataDirectory)
    {
        DataDirectory = dataDirectory;
    }

    /// <summary>A server on an existing data folder, as a restart would use it.</summary>
    public static ServeFixture On(string dataDirectory) => new(dataDirectory);

    public string DataDirectory { get; }

    public string Url { get; private set; } = "";

    public Guid TenantId { get; private set; }

    public string Banner { get; private set; } = "";

    /// <summary>What a user's shell would hold: the data folder and, on PostgreSQL runs, the store's variables.</summary>
    public IReadOnlyDictionary<string, string> Environment
    {
        get
        {
            var variables = new Dictionary<string, string> { ["TESSERA_DATA"] = DataDirectory };
            if (TestStore.UsePostgres)
            {
                // The connection string goes in the environment, as documented, not on the command line.
                var connection = TestStore.DatabaseFor(DataDirectory);
                variables["TESSERA_STORE"] = "postgres";
                variables["TESSERA_STORE_CONNECTION"] = connection;
                variables["TESSERA_KEY_ENCRYPTION_KEY"] = TestStore.KeyEncryptionKeyFor(connection);
            }

            return variables;
        }
    }

    public async Task InitializeAsync()
    {
        _serve = Process.Start(CliProcess.StartInfo(["serve", "--data", DataDirectory, "--port", "0"], Environment))!;
        var banner = new System.Text.StringBuilder();
        while (await _serve.StandardOutput.ReadLineAsync() is { } line)
        {
            banner.AppendLine(line);
            if (line.StartsWith("Press Ctrl+C", StringComparison.Ordinal))
            {
                break;
            }
        }

        Banner = banner.ToString();

        // Keep reading the server's output: a full pipe would block its logging, and with it the server.
        _ = _serve.StandardOutput.ReadToEndAsync();
        _ = _serve.StandardError.ReadToEndAsync();
        using var state = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(DataDirectory, "server.json")));
        Url = state.RootElement.GetProperty("url").GetString()!;
        TenantId = state.RootElement.GetProperty("tenantId").GetGuid();
    }

    public Task<CliResult> RunAsync(params string[] arguments) => CliProcess.RunAsync(arguments, Environment);

    /// <summary>Runs a command with <paramref name="input"/> on its standard input.</summary>
    public Task<CliResult> RunWithInputAsync(string input, params string[] arguments) =>
        CliProcess.RunAsync(arguments, Environment, input: input);

    /// <summary>Stops the server as a service manager would, and returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (_serve is null || _serve.HasExited)
        {
            return _serve?.ExitCode ?? 0;
        }

        Signals.Send(_serve.Id, Signals.Terminate);
        await _serve.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return _serve.ExitCode;
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        _serve?.Dispose();
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}

/// <summary>Sends POSIX signals to test processes.</summary>
public static partial class Signals
{
    public const int Terminate = 15;

    public static void Send(int pid, int signal)
    {
        if (Kill(pid, signal) != 0)
        {
            throw new InvalidOperationException($"kill({pid}, {signal}) failed.");
        }
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
