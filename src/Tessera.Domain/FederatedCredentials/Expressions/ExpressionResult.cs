namespace Tessera.Domain.FederatedCredentials.Expressions;

/// <summary>
/// Whether a token satisfied an expression; when not, the first term that failed (numbered from 1) and what the
/// token held instead, e.g. "the token's claims['ref'] is 'refs/heads/dev'".
/// </summary>
public sealed record ExpressionResult(bool Matched, ClaimTerm? FailedTerm, int FailedTermNumber, string? Finding)
{
    public static ExpressionResult Success { get; } = new(true, null, 0, null);
}
