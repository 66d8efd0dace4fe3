namespace Tessera.Domain.Issuers;

/// <summary>
/// A workload issuer hosted by Tessera, serving its discovery document and keys under <c>/issuers/NAME</c> and
/// minting service-account tokens. Its URL is derived from the server's public URL, so it is not stored.
/// </summary>
public sealed record HostedIssuer(string Name, DateTimeOffset CreatedAt);
