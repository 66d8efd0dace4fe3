using Tessera.Client.Contracts;
using Tessera.Domain.FederatedCredentials;
using Tessera.Domain.Identities;
using Tessera.Domain.Issuers;
using Tessera.Domain.Roles;
using Tessera.Domain.Tenants;
using Tessera.Issuer;

namespace Tessera.Server.Admin;

/// <summary>Converts directory records to the admin API's wire shapes.</summary>
internal static class Resources
{
    public static TenantResource ToResource(this Tenant tenant) => new(tenant.Id, tenant.Name, tenant.CreatedAt);

    public static IdentityResource ToResource(this Identity identity) => new(
        identity.ClientId, identity.PrincipalId, identity.TenantId, identity.Name, identity.Kind.ToText(),
        identity.ResourceId, identity.IdentifierUri, identity.AccessTokenVersion, identity.CreatedAt);

    public static FederatedCredentialResource ToResource(this FederatedCredential credential) => new(
        credential.Id, credential.ClientId, credential.Name, credential.Issuer, credential.Subject,
        [credential.Audience], credential.Description, credential.CreatedAt,
        credential.ClaimsMatchingExpression is { } expression
            ? new ClaimsMatchingExpression(expression, Domain.FederatedCredentials.Expressions.ClaimsExpression.LanguageVersion)
            : null);

    public static TrustedIssuerResource ToResource(this TrustedIssuerSettings settings) =>
        new(settings.Issuer, settings.ReplayProtection, settings.UpdatedAt);

    public static AgentCredentialResource ToResource(this AgentCredential credential) =>
        new(credential.Id, credential.Issuer, credential.ServiceAccounts, credential.CreatedAt);

    public static IssuerResource ToResource(this HostedIssuer issuer, IssuerUrls urls) => new(
        issuer.Name, urls.Issuer(issuer.Name), urls.Issuer(issuer.Name) + IssuerUrls.DiscoveryPath,
        urls.Keys(issuer.Name), issuer.CreatedAt);

    public static RoleAssignmentResource ToResource(this RoleAssignment assignment) => new(
        assignment.Id, assignment.TenantId, assignment.PrincipalId, assignment.PrincipalClientId,
        assignment.PrincipalName, assignment.Role, assignment.ResourceClientId, assignment.Resource,
        assignment.CreatedAt);
}
