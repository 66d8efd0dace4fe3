using Tessera.Client.Contracts;

namespace Tessera.Client;

/// <summary>
/// A request to Tessera that failed; the message is meant for the person at the terminal. <see cref="Problem"/>
/// holds the server's problem document when there was one.
/// </summary>
public sealed class TesseraClientException(string message, ProblemResponse? problem = null, int? status = null)
    : Exception(message)
{
    public ProblemResponse? Problem { get; } = problem;

    public int? Status { get; } = status;
}
