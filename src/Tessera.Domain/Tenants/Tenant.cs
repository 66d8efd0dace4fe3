namespace Tessera.Domain.Tenants;

/// <summary>A directory tenant. Tokens name it by <see cref="Id"/>; people may use <see cref="Name"/>.</summary>
public sealed record Tenant(Guid Id, string Name, DateTimeOffset CreatedAt);
