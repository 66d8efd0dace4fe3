namespace Tessera.Client.Contracts;

/// <summary>One broken rule in a refused request.</summary>
public sealed record ProblemField(string Field, string? Value, string Rule, string Message);

/// <summary>An RFC 9457 problem document, with the broken rules listed when there are any.</summary>
public sealed record ProblemResponse(
    string Title,
    int Status,
    string Detail,
    IReadOnlyList<ProblemField>? Errors = null);

/// <summary>Answer of <c>GET /admin/server</c>: enough for a client to address the STS.</summary>
public sealed record ServerDescription(string Version, string BaseUrl, Guid DefaultTenantId, string DefaultTenantName);
