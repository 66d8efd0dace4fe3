using Tessera.Client;
using Tessera.Client.Contracts;

namespace Tessera.Testing;

/// <summary>
/// Identities that sign in to Tessera's admin API the way a CI pipeline does: a hosted issuer mints a workload
/// token, the STS exchanges it for an access token for <c>api://tessera-admin</c>, and that token is the bearer.
/// </summary>
public static class RoleHolders
{
    public const string AdminResource = "api://tessera-admin";

    /// <summary>
    /// An identity able to sign in (its own hosted issuer and federated credential), in the given tenant.
    /// </summary>
    public static async Task<SignedInIdentity> CreateSignInIdentityAsync(
        this TesseraTestServer server, string? tenant = null)
    {
        var issuer = await server.CreateIssuerAsync();
        var name = TesseraTestServer.Unique("ci");
        var identity = await server.Admin.CreateIdentityAsync(new CreateIdentityRequest(name, Tenant: tenant), default);
        var credential = new CreateFederatedCredentialRequest(
            TesseraTestServer.Unique("fic"), issuer.Url, $"system:serviceaccount:ci:{name}");
        await server.Admin.CreateCredentialAsync(identity.ClientId.ToString(), null, credential, default);
        return new SignedInIdentity(server, identity, issuer.Name, $"ci/{name}");
    }

    /// <summary>An identity holding <paramref name="role"/> (none when null) on its tenant's admin resource.</summary>
    public static async Task<SignedInIdentity> CreateRoleHolderAsync(
        this TesseraTestServer server, string? role, string? tenant = null)
    {
        var holder = await server.CreateSignInIdentityAsync(tenant);
        if (role is not null)
        {
            await server.Admin.CreateRoleAssignmentAsync(new CreateRoleAssignmentRequest(
                holder.Identity.ClientId.ToString(), role, AdminResource), default);
        }

        return holder;
    }
}

/// <summary>An identity that can get access tokens from the STS with a workload token of its hosted issuer.</summary>
public sealed record SignedInIdentity(
    TesseraTestServer Server, IdentityResource Identity, string Issuer, string ServiceAccount)
{
    /// <summary>An access token for <paramref name="resource"/>, or an exception naming the STS's refusal.</summary>
    public async Task<string> AccessTokenAsync(string resource = RoleHolders.AdminResource)
    {
        var workload = await Server.MintAsync(Issuer, ServiceAccount);
        var (status, body, _) = await Server.PostTokenAsync(TesseraTestServer.TokenForm(
            Identity.ClientId, workload.Token, resource + "/.default"), Identity.TenantId.ToString());
        return status == 200
            ? body.GetProperty("access_token").GetString()!
            : throw new InvalidOperationException($"The STS refused the exchange ({status}): {body}");
    }

    /// <summary>An admin client sending a fresh access token for the admin API.</summary>
    public async Task<TesseraAdminClient> AdminClientAsync() =>
        new(Server.Connection.CreateHttpClient(), await AccessTokenAsync(), "the test's access token");
}
