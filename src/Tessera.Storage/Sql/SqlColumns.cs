namespace Tessera.Storage.Sql;

/// <summary>Column lists aliased to the row types' property names.</summary>
internal static class SqlColumns
{
    public const string Tenant = "id AS Id, name AS Name, created_at AS CreatedAt";

    public const string Identity =
        "client_id AS ClientId, principal_id AS PrincipalId, tenant_id AS TenantId, name AS Name, kind AS Kind, " +
        "resource_id AS ResourceId, identifier_uri AS IdentifierUri, access_token_version AS AccessTokenVersion, " +
        "created_at AS CreatedAt";

    public const string FederatedCredential =
        "id AS Id, client_id AS ClientId, name AS Name, issuer AS Issuer, subject AS Subject, " +
        "claims_matching_expression AS ClaimsMatchingExpression, audience AS Audience, description AS Description, " +
        "created_at AS CreatedAt";

    public const string Issuer = "name AS Name, created_at AS CreatedAt";

    public const string SigningKey =
        "key_id AS KeyId, owner AS Owner, algorithm AS Algorithm, private_key AS PrivateKey, " +
        "certificate AS Certificate, created_at AS CreatedAt, activates_at AS ActivatesAt, " +
        "retires_at AS RetiresAt, expires_at AS ExpiresAt";
}
