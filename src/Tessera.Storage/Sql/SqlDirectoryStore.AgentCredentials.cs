using Dapper;
using Tessera.Domain.Issuers;
using Tessera.Domain.Rules;

namespace Tessera.Storage.Sql;

public sealed partial class SqlDirectoryStore
{
    private const string AgentCredentialColumns =
        "id AS Id, issuer AS Issuer, service_accounts AS ServiceAccounts, created_at AS CreatedAt";

    public async Task<AgentCredential> CreateAgentCredentialAsync(
        string issuer, string serviceAccounts, string secretHash, CancellationToken cancellationToken)
    {
        if (!AgentCredential.TryParseScope(serviceAccounts, out var error))
        {
            throw DirectoryException.Broken([new RuleViolation("serviceAccount", serviceAccounts, error)]);
        }

        var credential = new AgentCredential(Guid.NewGuid(), issuer, serviceAccounts, Time(Now()));
        return await WriteAsync(async (connection, transaction) =>
        {
            var exists = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM issuers WHERE name = @Issuer", new { Issuer = issuer }, transaction,
                cancellationToken: cancellationToken));
            if (exists == 0)
            {
                throw DirectoryException.NotFound($"No hosted issuer is named '{issuer}'; see 'tessera issuer list'.");
            }

            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO agent_credentials (id, issuer, service_accounts, secret_sha256, created_at) " +
                "VALUES (@Id, @Issuer, @ServiceAccounts, @Hash, @CreatedAt)",
                new
                {
                    Id = credential.Id.ToString(),
                    credential.Issuer,
                    credential.ServiceAccounts,
                    Hash = secretHash,
                    CreatedAt = credential.CreatedAt.ToUnixTimeMilliseconds(),
                },
                transaction, cancellationToken: cancellationToken));
            return credential;
        }, () => "An agent credential with this secret already exists; generate a new secret.", cancellationToken);
    }

    public async Task<IReadOnlyList<AgentCredential>> ListAgentCredentialsAsync(string issuer, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<AgentCredentialRow>(new CommandDefinition(
            $"SELECT {AgentCredentialColumns} FROM agent_credentials WHERE issuer = @Issuer ORDER BY created_at",
            new { Issuer = issuer }, cancellationToken: cancellationToken));
        return [.. rows.Select(ToAgentCredential)];
    }

    public async Task<AgentCredential?> FindAgentCredentialAsync(string secretHash, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<AgentCredentialRow>(new CommandDefinition(
            $"SELECT {AgentCredentialColumns} FROM agent_credentials WHERE secret_sha256 = @Hash",
            new { Hash = secretHash }, cancellationToken: cancellationToken));
        return row is null ? null : ToAgentCredential(row);
    }

    public Task DeleteAgentCredentialAsync(string issuer, Guid id, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            var deleted = await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM agent_credentials WHERE issuer = @Issuer AND id = @Id",
                new { Issuer = issuer, Id = id.ToString() }, transaction, cancellationToken: cancellationToken));
            return deleted == 0
                ? throw DirectoryException.NotFound($"Issuer '{issuer}' has no agent credential with ID '{id}'.")
                : deleted;
        }, () => "The agent credential changed while it was being deleted; retry.", cancellationToken);

    private static AgentCredential ToAgentCredential(AgentCredentialRow row) =>
        new(Guid.Parse(row.Id), row.Issuer, row.ServiceAccounts, Time(row.CreatedAt));
}
