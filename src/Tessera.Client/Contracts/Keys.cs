namespace Tessera.Client.Contracts;

/// <summary>A signing key's public facts and where it is in its life: pending, active, retired or expired.</summary>
public sealed record SigningKeyResource(
    string KeyId,
    string Owner,
    string Algorithm,
    string State,
    DateTimeOffset PublishedAt,
    DateTimeOffset SigningFrom,
    DateTimeOffset? SigningUntil,
    DateTimeOffset? PublishedUntil);

/// <summary>Body of <c>POST /admin/keys/rotate</c>: whose key (<c>sts</c>, <c>issuer:NAME</c>, or all when absent)
/// and how long the new key is published before it signs.</summary>
public sealed record RotateKeysRequest(string? Owner = null, int? LeadSeconds = null);

/// <summary>What one rotation did.</summary>
public sealed record RotationResultResource(string Owner, bool Rotated, string? NewKeyId, DateTimeOffset? SigningFrom, string Detail);
