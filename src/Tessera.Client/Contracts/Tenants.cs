namespace Tessera.Client.Contracts;

/// <summary>A tenant as the admin API returns it.</summary>
public sealed record TenantResource(Guid Id, string Name, DateTimeOffset CreatedAt);

/// <summary>Body of <c>POST /admin/tenants</c>.</summary>
public sealed record CreateTenantRequest(string? Name);
