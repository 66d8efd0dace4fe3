using System.Data.Common;
using Dapper;
using Tessera.Domain.FederatedCredentials;
using Tessera.Domain.Rules;

namespace Tessera.Storage.Sql;

public sealed partial class SqlDirectoryStore
{
    public async Task<FederatedCredential> AddFederatedCredentialAsync(
        Guid clientId,
        FederatedCredentialDraft draft,
        FederatedCredentialPolicy policy,
        CancellationToken cancellationToken)
    {
        return await WriteAsync(async (connection, transaction) =>
        {
            // Lock the identity so the per-identity limits checked below still hold when this commits.
            var locked = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                $"SELECT client_id FROM identities WHERE client_id = @ClientId {dialect.LockRowSuffix}",
                new { ClientId = clientId.ToString() }, transaction, cancellationToken: cancellationToken));
            if (locked is null)
            {
                throw DirectoryException.NotFound($"No identity has client ID '{clientId}'.");
            }

            var existing = await ListFederatedCredentialsAsync(connection, transaction, clientId, cancellationToken);
            var violations = FederatedCredentialRules.Validate(draft, existing, policy);
            if (violations.Count > 0)
            {
                throw DirectoryException.Broken(violations);
            }

            var credential = new FederatedCredential(Guid.NewGuid(), clientId, draft.Name!, draft.Issuer!,
                draft.Subject, FederatedCredentialRules.AudienceOf(draft), draft.Description, Time(Now()),
                draft.ClaimsMatchingExpression);
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO federated_credentials (id, client_id, name, issuer, subject, claims_matching_expression, " +
                "audience, description, created_at) VALUES (@Id, @ClientId, @Name, @Issuer, @Subject, " +
                "@ClaimsMatchingExpression, @Audience, @Description, @CreatedAt)",
                new
                {
                    Id = credential.Id.ToString(),
                    ClientId = clientId.ToString(),
                    credential.Name,
                    credential.Issuer,
                    credential.Subject,
                    credential.ClaimsMatchingExpression,
                    credential.Audience,
                    credential.Description,
                    CreatedAt = credential.CreatedAt.ToUnixTimeMilliseconds(),
                },
                transaction, cancellationToken: cancellationToken));
            return credential;
        }, () => $"Federated credential '{draft.Name}', or one with its issuer and " +
            (draft.ClaimsMatchingExpression is null ? "subject" : "claims matching expression") +
            ", already exists on this identity.",
        cancellationToken);
    }

    public async Task<IReadOnlyList<FederatedCredential>> ListFederatedCredentialsAsync(
        Guid clientId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ListFederatedCredentialsAsync(connection, null, clientId, cancellationToken);
    }

    public async Task DeleteFederatedCredentialAsync(Guid clientId, string name, CancellationToken cancellationToken)
    {
        await WriteAsync(async (connection, transaction) =>
        {
            var deleted = await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM federated_credentials WHERE client_id = @ClientId AND name = @Name",
                new { ClientId = clientId.ToString(), Name = name }, transaction, cancellationToken: cancellationToken));
            return deleted == 0
                ? throw DirectoryException.NotFound(
                    $"Identity '{clientId}' has no federated credential named '{name}'.")
                : deleted;
        }, () => "The credential changed while it was being deleted; retry.", cancellationToken);
    }

    private static async Task<IReadOnlyList<FederatedCredential>> ListFederatedCredentialsAsync(
        DbConnection connection, DbTransaction? transaction, Guid clientId, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<FederatedCredentialRow>(new CommandDefinition(
            $"SELECT {SqlColumns.FederatedCredential} FROM federated_credentials WHERE client_id = @ClientId " +
            "ORDER BY created_at, name",
            new { ClientId = clientId.ToString() }, transaction, cancellationToken: cancellationToken));
        return [.. rows.Select(ToFederatedCredential)];
    }

    private static FederatedCredential ToFederatedCredential(FederatedCredentialRow row) => new(
        Guid.Parse(row.Id), Guid.Parse(row.ClientId), row.Name, row.Issuer, row.Subject, row.Audience,
        row.Description, Time(row.CreatedAt), row.ClaimsMatchingExpression);
}
