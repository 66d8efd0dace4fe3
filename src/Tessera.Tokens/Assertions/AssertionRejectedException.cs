namespace Tessera.Tokens.Assertions;

/// <summary>
/// An assertion Tessera refuses. <see cref="Exception.Message"/> says what was received and what was expected, and
/// never contains the token itself.
/// </summary>
public sealed class AssertionRejectedException(AssertionProblem problem, string message) : Exception(message)
{
    public AssertionProblem Problem { get; } = problem;
}
