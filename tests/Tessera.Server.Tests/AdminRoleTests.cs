using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Client;
using Tessera.Client.Contracts;
using Tessera.Server.Admin;
using Tessera.Testing;

namespace Tessera.Server.Tests;

/// <summary>
/// The admin API for identities signed in with Tessera access tokens: what each Tessera role may do, tenant
/// boundaries on every route, and tokens that must not be accepted.
/// </summary>
public sealed class AdminRoleTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Issuer = "https://issuer.example/ci";
    private TesseraTestServer Server => fixture.Server;

    public static TheoryData<string, string, int> RoleOperations => new()
    {
        { "Reader", "list identities", 200 },
        { "Reader", "read the audit log", 200 },
        { "Reader", "create a federated credential", 403 },
        { "Reader", "create an identity", 403 },
        { "Credential Administrator", "list identities", 200 },
        { "Credential Administrator", "create a federated credential", 201 },
        { "Credential Administrator", "delete a federated credential", 204 },
        { "Credential Administrator", "create an identity", 403 },
        { "Credential Administrator", "assign a role", 403 },
        { "Owner", "create a federated credential", 201 },
        { "Owner", "create an identity", 201 },
        { "Owner", "assign a role", 201 },
        { "Owner", "create a hosted issuer", 403 },
        { "Owner", "create a tenant", 403 },
        { "Owner", "rotate the admin token", 403 },
        { "Owner", "create an agent credential", 403 },
        { "none", "list identities", 403 },
        { "none", "create a federated credential", 403 },
    };

    [Theory]
    [MemberData(nameof(RoleOperations))]
    public async Task Each_tessera_role_may_do_exactly_its_operations(string role, string operation, int expected)
    {
        var holder = await Server.CreateRoleHolderAsync(role == "none" ? null : role);
        var target = await Server.CreateIdentityAsync(Issuer, "system:serviceaccount:ns:target");
        var credential = (await Server.Admin.ListCredentialsAsync(target.ClientId.ToString(), null, default))[0].Name;
        var token = await holder.AccessTokenAsync();

        using var response = await SendAsync(token, Operation(operation, target, credential));

        Assert.True(expected == (int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public static TheoryData<string, string> TenantScopedRoutes => new()
    {
        { "GET", "admin/identities/{id}" },
        { "GET", "admin/identities/{id}/federated-credentials" },
        { "POST", "admin/identities/{id}/federated-credentials" },
        { "DELETE", "admin/identities/{id}/federated-credentials/fic" },
        { "DELETE", "admin/identities/{id}" },
        { "GET", "admin/identities/{id}/app-roles" },
        { "PUT", "admin/identities/{id}/app-roles" },
        { "GET", "admin/identities?tenant={tenant}" },
        { "GET", "admin/tenants/{tenant}" },
        { "GET", "admin/sign-ins?tenant={tenant}" },
        { "GET", "admin/sign-ins?identity={id}" },
        { "GET", "admin/audit?tenant={tenant}" },
        { "GET", "admin/role-assignments?tenant={tenant}" },
        { "POST", "admin/role-assignments" },
        { "POST", "admin/identities" },
        { "POST", "admin/explain" },
    };

    [Theory]
    [MemberData(nameof(TenantScopedRoutes))]
    public async Task Owner_of_one_tenant_cannot_touch_another_tenant(string method, string route)
    {
        var other = await CreateTenantAsync();
        var owner = await Server.CreateRoleHolderAsync("Owner", other.Id.ToString());
        var victim = await Server.CreateIdentityAsync(Issuer, "system:serviceaccount:ns:victim");
        var path = route.Replace("{id}", victim.ClientId.ToString(), StringComparison.Ordinal)
            .Replace("{tenant}", Server.TenantId.ToString(), StringComparison.Ordinal);
        var body = path switch
        {
            "admin/role-assignments" =>
                $"{{\"principal\":\"{victim.ClientId}\",\"role\":\"Reader\",\"resource\":\"api://tessera-admin\"}}",
            "admin/identities" => $"{{\"name\":\"intruder\",\"tenant\":\"{Server.TenantId}\"}}",
            "admin/explain" => $"{{\"assertion\":\"x.y.z\",\"identity\":\"{victim.ClientId}\"}}",
            _ when path.EndsWith("app-roles", StringComparison.Ordinal) => "{\"appRoles\":[]}",
            _ => "{\"name\":\"fic\",\"issuer\":\"https://issuer.example/x\",\"subject\":\"s\"}",
        };

        var token = await owner.AccessTokenAsync();

        using var response = await SendAsync(token, (method, path, method is "POST" or "PUT" ? body : null));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains(other.Id.ToString(), await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var stillThere = await Server.Admin.GetIdentityAsync(victim.ClientId.ToString(), null, default);
        Assert.Equal(victim.ClientId, stillThere.ClientId);
    }

    [Theory]
    [InlineData("Owner")]
    [InlineData("Reader")]
    [InlineData("Credential Administrator")]
    public async Task Credential_administrator_cannot_take_over_identities_holding_tessera_roles(string role)
    {
        var administrator = await Server.CreateRoleHolderAsync("Credential Administrator");
        var holder = await Server.CreateRoleHolderAsync(role);
        using var client = await administrator.AdminClientAsync();

        var refusal = await Assert.ThrowsAsync<TesseraClientException>(() => client.CreateCredentialAsync(
            holder.Identity.ClientId.ToString(), null,
            new CreateFederatedCredentialRequest("takeover", Issuer, "system:serviceaccount:ns:attacker"), default));

        Assert.Equal(403, refusal.Status);
        Assert.Contains($"holds the Tessera role {role}", refusal.Message, StringComparison.Ordinal);
        Assert.Single(await Server.Admin.ListCredentialsAsync(holder.Identity.ClientId.ToString(), null, default));
    }

    [Fact]
    public async Task Role_holder_sees_only_its_own_tenant_in_lists()
    {
        var other = await CreateTenantAsync();
        var reader = await Server.CreateRoleHolderAsync("Reader", other.Id.ToString());
        using var client = await reader.AdminClientAsync();

        var tenants = await client.ListTenantsAsync(default);
        var identities = await client.ListIdentitiesAsync(null, default);

        Assert.Equal([other.Id], tenants.Select(t => t.Id));
        Assert.All(identities, i => Assert.Equal(other.Id, i.TenantId));
        Assert.Contains(identities, i => i.ClientId == reader.Identity.ClientId);
    }

    [Fact]
    public async Task Removing_a_role_takes_effect_on_the_next_request_with_the_same_token()
    {
        var holder = await Server.CreateRoleHolderAsync("Reader");
        using var client = await holder.AdminClientAsync();
        await client.ListIdentitiesAsync(null, default);
        var assignments = await Server.Admin.ListRoleAssignmentsAsync(
            null, holder.Identity.ClientId.ToString(), null, default);
        var assignment = assignments.Single();

        await Server.Admin.DeleteRoleAssignmentAsync(assignment.Id, default);
        var refusal = await Assert.ThrowsAsync<TesseraClientException>(() => client.ListIdentitiesAsync(null, default));

        Assert.Equal(403, refusal.Status);
        Assert.Contains("Reader", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Access_token_for_another_resource_is_401()
    {
        await Server.CreateResourceAsync("api://not-tessera-" + Guid.NewGuid().ToString("N")[..8]);
        var holder = await Server.CreateRoleHolderAsync("Owner");
        var resource = (await Server.Admin.ListIdentitiesAsync(null, default)).Last(i => i.Kind == "app-registration");
        var token = await holder.AccessTokenAsync(resource.IdentifierUri!);

        using var response = await SendAsync(token, ("GET", "admin/identities", null));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("not for the admin API", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Access_token_with_an_altered_payload_is_401()
    {
        var holder = await Server.CreateRoleHolderAsync("Reader");
        var parts = (await holder.AccessTokenAsync()).Split('.');
        var payload = Encoding.UTF8.GetString(Base64Url(parts[1]))
            .Replace("\"tid\"", "\"xid\"", StringComparison.Ordinal);
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(payload))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var altered = $"{parts[0]}.{encoded}.{parts[2]}";

        using var response = await SendAsync(altered, ("GET", "admin/identities", null));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Access_token_of_a_deleted_identity_is_401()
    {
        var holder = await Server.CreateRoleHolderAsync("Owner");
        var token = await holder.AccessTokenAsync();

        await Server.Admin.DeleteIdentityAsync(holder.Identity.ClientId.ToString(), null, default);
        using var response = await SendAsync(token, ("GET", "admin/identities", null));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Admin_token_rotation_replaces_the_token_at_once()
    {
        await using var server = await TesseraTestServer.StartAsync();
        var old = server.Connection.AdminToken!;

        var rotated = await server.Admin.RotateAdminTokenAsync(default);
        using var oldResponse = await SendAsync(server, old, ("GET", "admin/tenants", null));
        using var newResponse = await SendAsync(server, rotated.Token, ("GET", "admin/tenants", null));

        Assert.StartsWith("tsa_", rotated.Token, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, oldResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, newResponse.StatusCode);
        using var client = new TesseraAdminClient(server.Connection.CreateHttpClient(), rotated.Token);
        var records = await client.ListAuditAsync(null, null, "admin-token.rotate", null, null, null, default);
        var record = Assert.Single(records);
        Assert.Equal("admin", record.Actor);
        Assert.Null(record.After);
    }

    [Fact]
    public void Every_admin_route_declares_the_permission_it_needs()
    {
        var endpoints = Server.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/admin", StringComparison.Ordinal) == true).ToList();

        Assert.True(endpoints.Count >= 25, $"only {endpoints.Count} admin routes found");
        Assert.All(endpoints, e => Assert.True(e.Metadata.GetMetadata<AdminPermissionMetadata>() is not null,
            $"{e.RoutePattern.RawText} declares no permission"));
    }

    private static (string Method, string Path, string? Body) Operation(
        string operation, IdentityResource target, string credential) =>
        operation switch
        {
            "list identities" => ("GET", "admin/identities", null),
            "read the audit log" => ("GET", "admin/audit", null),
            "create a federated credential" => ("POST", $"admin/identities/{target.ClientId}/federated-credentials",
                $"{{\"name\":\"ci-made\",\"issuer\":\"{Issuer}\",\"subject\":\"system:serviceaccount:ns:ci\"}}"),
            "delete a federated credential" => ("DELETE",
                $"admin/identities/{target.ClientId}/federated-credentials/{credential}", null),
            "create an identity" => ("POST", "admin/identities", NameBody("made")),
            "assign a role" => ("POST", "admin/role-assignments",
                $"{{\"principal\":\"{target.ClientId}\",\"role\":\"Reader\",\"resource\":\"api://tessera-admin\"}}"),
            "create a hosted issuer" => ("POST", "admin/issuers", NameBody("iss")),
            "create a tenant" => ("POST", "admin/tenants", NameBody("t")),
            "rotate the admin token" => ("POST", "admin/admin-token", "{}"),
            "create an agent credential" =>
                ("POST", "admin/issuers/x/agent-credentials", "{\"serviceAccounts\":\"a/b\"}"),
            _ => throw new ArgumentException(operation),
        };

    private static string NameBody(string prefix) => $"{{\"name\":\"{TesseraTestServer.Unique(prefix)}\"}}";

    private Task<TenantResource> CreateTenantAsync() =>
        Server.Admin.CreateTenantAsync(new CreateTenantRequest(TesseraTestServer.Unique("t")), default);

    private Task<HttpResponseMessage> SendAsync(string token, (string Method, string Path, string? Body) call) =>
        SendAsync(Server, token, call);

    private static async Task<HttpResponseMessage> SendAsync(
        TesseraTestServer server, string token, (string Method, string Path, string? Body) call)
    {
        using var request = new HttpRequestMessage(new HttpMethod(call.Method), call.Path)
        {
            Content = call.Body is null ? null : new StringContent(call.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await server.Http.SendAsync(request);
    }

    private static byte[] Base64Url(string text) =>
        Convert.FromBase64String(text.Replace('-', '+').Replace('_', '/').PadRight((text.Length + 3) / 4 * 4, '='));
}
