namespace Tessera.Domain.FederatedCredentials.Expressions;

/// <summary>
/// A claims matching expression that is not valid language version 1: where (the column, counting characters from
/// 1) and what was expected there.
/// </summary>
public sealed class ExpressionSyntaxException : Exception
{
    public ExpressionSyntaxException(int column, string reason)
        : base($"column {column}: {reason}")
    {
        Column = column;
        Reason = reason;
    }

    public int Column { get; }

    /// <summary>What was wrong, without the column.</summary>
    public string Reason { get; }
}
