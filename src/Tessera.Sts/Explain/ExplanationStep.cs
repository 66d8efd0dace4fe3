namespace Tessera.Sts.Explain;

/// <summary>One check of an explained exchange: what was checked, whether it passed, and what was found.</summary>
public sealed record ExplanationStep(string Check, bool Passed, string Detail);

/// <summary>The checks of an explained exchange, in the order the STS makes them.</summary>
/// <param name="WouldSucceed">True when every check passed; the resource is not checked.</param>
public sealed record Explanation(IReadOnlyList<ExplanationStep> Steps, bool WouldSucceed, Guid? ClientId, string? CredentialName);
