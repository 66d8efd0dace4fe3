using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Tessera.Agent;

/// <summary>
/// Runs the workload as a child process with the agent's stdin, stdout and stderr, passes on the signals the agent
/// receives, and reports the child's exit code (128 + signal number when a signal ended it, as shells do).
/// Signal handling is in place before the child starts, so a signal that arrives while it is starting is delivered
/// to it rather than ending the agent alone and orphaning the child.
/// </summary>
public sealed partial class ChildProcess : IDisposable
{
    private static readonly (PosixSignal Signal, int Number)[] s_forwarded =
    [
        (PosixSignal.SIGHUP, 1), (PosixSignal.SIGINT, 2), (PosixSignal.SIGQUIT, 3), (PosixSignal.SIGTERM, 15),
    ];

    private readonly Lock _gate = new();
    private readonly List<PosixSignalRegistration> _registrations;
    private Process? _process;
    private int _pendingSignal;

    public ChildProcess()
    {
        _registrations = [.. s_forwarded.Select(f => PosixSignalRegistration.Create(f.Signal, context =>
        {
            // The agent stays alive until the child exits; the child decides what the signal means.
            context.Cancel = true;
            Deliver(f.Number);
        }))];
    }

    /// <summary>Starts <paramref name="command"/>; throws with a clear message when it cannot be started.</summary>
    /// <param name="environment">Variables set on top of the agent's own environment.</param>
    /// <param name="unset">Variables of the agent's environment the program must not inherit.</param>
    public void Start(
        string command,
        IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string> environment,
        IEnumerable<string>? unset = null)
    {
        var start = new ProcessStartInfo(command) { UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in unset ?? [])
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        if (Directory.Exists(command))
        {
            throw new ProgramStartException($"Could not start '{command}': it is a folder, not a program.", 126);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new ProgramStartException($"'{command}' did not start.", 126);
        }
        catch (Win32Exception ex)
        {
            // Shells answer 127 for a program that is not there and 126 for one that cannot be run; so does this.
            var notFound = ex.NativeErrorCode == 2;
            throw new ProgramStartException(
                $"Could not start '{command}': {ex.Message}. " + (notFound
                    ? "Check the name, or give its full path (PATH is searched)."
                    : "Check that it is executable (chmod +x)."),
                notFound ? 127 : 126, ex);
        }

        lock (_gate)
        {
            _process = process;
            if (_pendingSignal != 0)
            {
                Send(process, _pendingSignal);
            }
        }
    }

    /// <summary>Waits for the child to exit and returns its exit code.</summary>
    public async Task<int> WaitAsync()
    {
        var process = _process ?? throw new InvalidOperationException("The child process was not started.");
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    public void Dispose()
    {
        _registrations.ForEach(r => r.Dispose());
        _process?.Dispose();
    }

    private void Deliver(int signal)
    {
        lock (_gate)
        {
            if (_process is null)
            {
                _pendingSignal = signal;
                return;
            }

            Send(_process, signal);
        }
    }

    private static void Send(Process process, int signal)
    {
        if (!OperatingSystem.IsWindows() && !process.HasExited)
        {
            _ = Kill(process.Id, signal);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
