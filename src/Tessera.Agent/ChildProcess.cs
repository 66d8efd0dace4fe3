using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Tessera.Agent;

/// <summary>
/// Runs the workload as a child process with the agent's stdin, stdout and stderr, passes on the signals the agent
/// receives, and reports the child's exit code (128 + signal number when a signal ended it, as shells do).
/// </summary>
public sealed partial class ChildProcess
{
    private static readonly PosixSignal[] s_forwarded = [PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT];

    /// <summary>Starts <paramref name="command"/>; throws with a clear message when it cannot be started.</summary>
    public static Process Start(string command, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(command) { UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException($"'{command}' did not start.");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException(
                $"Could not start '{command}': {ex.Message}. Check that it exists and is executable (or on PATH).", ex);
        }
    }

    /// <summary>Waits for the child, forwarding SIGINT, SIGTERM, SIGHUP and SIGQUIT to it meanwhile.</summary>
    public static async Task<int> WaitAsync(Process child)
    {
        var registrations = s_forwarded
            .Select(signal => PosixSignalRegistration.Create(signal, context =>
            {
                // The agent stays alive until the child exits; the child decides what the signal means.
                context.Cancel = true;
                Forward(child, context.Signal);
            }))
            .ToList();
        try
        {
            await child.WaitForExitAsync();
            return child.ExitCode;
        }
        finally
        {
            registrations.ForEach(r => r.Dispose());
        }
    }

    private static void Forward(Process child, PosixSignal signal)
    {
        if (OperatingSystem.IsWindows() || child.HasExited)
        {
            return;
        }

        var number = signal switch
        {
            PosixSignal.SIGHUP => 1,
            PosixSignal.SIGINT => 2,
            PosixSignal.SIGQUIT => 3,
            PosixSignal.SIGTERM => 15,
            _ => 0,
        };
        if (number != 0)
        {
            _ = Kill(child.Id, number);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
