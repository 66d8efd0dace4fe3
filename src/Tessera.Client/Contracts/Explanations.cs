namespace Tessera.Client.Contracts;

/// <summary>Body of <c>POST /admin/explain</c>: a workload token to explain, and optionally the identity it is for.</summary>
public sealed record ExplainRequest(string? Assertion, string? Identity = null, string? Tenant = null);

/// <summary>One check of an explained exchange.</summary>
public sealed record ExplanationStepResource(string Check, bool Passed, string Detail);

/// <summary>Whether the exchange would succeed, and every check on the way.</summary>
public sealed record ExplanationResource(
    bool WouldSucceed, Guid? ClientId, string? CredentialName, IReadOnlyList<ExplanationStepResource> Steps);
