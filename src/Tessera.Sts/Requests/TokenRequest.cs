namespace Tessera.Sts.Requests;

/// <summary>A client-credentials request with a client assertion, checked for shape but not yet authenticated.</summary>
/// <param name="Version">1 for <c>/oauth2/token</c>, 2 for <c>/oauth2/v2.0/token</c>.</param>
/// <param name="Resource">The resource as the client named it (scope without <c>/.default</c>, or v1
/// <c>resource</c>).</param>
public sealed record TokenRequest(int Version, Guid ClientId, string Resource, string ClientAssertion);
