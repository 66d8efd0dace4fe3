using Dapper;
using Tessera.Domain.Rules;
using Tessera.Domain.Tenants;

namespace Tessera.Storage.Sql;

public sealed partial class SqlDirectoryStore
{
    public async Task<Tenant> CreateTenantAsync(string name, CancellationToken cancellationToken)
    {
        var violations = TenantRules.Validate(name);
        if (violations.Count > 0)
        {
            throw DirectoryException.Broken(violations);
        }

        var tenant = new Tenant(Guid.NewGuid(), name, Time(Now()));
        return await WriteAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO tenants (id, name, created_at) VALUES (@Id, @Name, @CreatedAt)",
                new { Id = tenant.Id.ToString(), tenant.Name, CreatedAt = tenant.CreatedAt.ToUnixTimeMilliseconds() },
                transaction, cancellationToken: cancellationToken));
            return tenant;
        }, () => $"A tenant named '{name}' already exists.", cancellationToken);
    }

    public async Task<IReadOnlyList<Tenant>> ListTenantsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<TenantRow>(new CommandDefinition(
            $"SELECT {SqlColumns.Tenant} FROM tenants ORDER BY created_at, name", cancellationToken: cancellationToken));
        return [.. rows.Select(ToTenant)];
    }

    public async Task<Tenant?> FindTenantAsync(string idOrName, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var sql = Guid.TryParse(idOrName, out _)
            ? $"SELECT {SqlColumns.Tenant} FROM tenants WHERE id = @Key"
            : $"SELECT {SqlColumns.Tenant} FROM tenants WHERE name = @Key";
        var key = Guid.TryParse(idOrName, out var id) ? id.ToString() : idOrName.ToLowerInvariant();
        var row = await connection.QuerySingleOrDefaultAsync<TenantRow>(new CommandDefinition(
            sql, new { Key = key }, cancellationToken: cancellationToken));
        return row is null ? null : ToTenant(row);
    }

    private static Tenant ToTenant(TenantRow row) => new(Guid.Parse(row.Id), row.Name, Time(row.CreatedAt));
}
