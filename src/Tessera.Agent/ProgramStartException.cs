namespace Tessera.Agent;

/// <summary>The workload's program could not be started; <see cref="ExitCode"/> is what a shell would return.</summary>
public sealed class ProgramStartException(string message, int exitCode, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>127 when the program was not found, 126 when it could not be run.</summary>
    public int ExitCode { get; } = exitCode;
}
