using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Tessera.Client;
using Tessera.Client.Contracts;
using Tessera.Testing;

namespace Tessera.Sts.Tests;

/// <summary>
/// Access tokens carry, in <c>roles</c>, the app roles their identity holds on the requested resource.
/// </summary>
public sealed class RoleClaimTests(StsFixture fixture) : IClassFixture<StsFixture>
{
    private TesseraTestServer Server => fixture.Server;

    private async Task<(IdentityResource Api, IdentityResource Caller, string Subject)> ArrangeAsync(
        params string[] appRoles)
    {
        var uri = "api://roles-" + Guid.NewGuid().ToString("N")[..10];
        var api = await Server.Admin.CreateIdentityAsync(new CreateIdentityRequest(
            TesseraTestServer.Unique("api"), "app-registration", IdentifierUri: uri, AppRoles: appRoles), default);
        var subject = "system:serviceaccount:roles:" + Guid.NewGuid().ToString("N")[..10];
        var caller = await Server.CreateIdentityAsync(fixture.Issuer.Url, subject);
        return (api, caller, subject);
    }

    private async Task<JsonElement> ClaimsAsync(IdentityResource caller, string subject, string resource)
    {
        var (status, body, _) = await Server.PostTokenAsync(
            TesseraTestServer.TokenForm(caller.ClientId, fixture.Issuer.Mint(subject), resource + "/.default"));
        Assert.True(status == 200, body.GetRawText());
        var payload = body.GetProperty("access_token").GetString()!.Split('.')[1];
        using var document = JsonDocument.Parse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(payload)));
        return document.RootElement.Clone();
    }

    private static string[] Roles(JsonElement claims) => claims.TryGetProperty("roles", out var roles)
        ? [.. roles.EnumerateArray().Select(r => r.GetString()!)]
        : [];

    [Fact]
    public async Task Token_carries_the_app_roles_assigned_on_its_resource_only()
    {
        var (api, caller, subject) = await ArrangeAsync("Orders.Read", "Orders.Write", "Orders.Admin");
        var (other, _, _) = await ArrangeAsync("Orders.Read");
        await Assign(caller, "Orders.Write", api);
        await Assign(caller, "orders.read", api);
        await Assign(caller, "Orders.Read", other);

        var claims = await ClaimsAsync(caller, subject, api.IdentifierUri!);

        Assert.Equal(["Orders.Read", "Orders.Write"], Roles(claims));
    }

    [Fact]
    public async Task Token_without_assignments_has_no_roles_claim()
    {
        var (api, caller, subject) = await ArrangeAsync("Orders.Read");

        var claims = await ClaimsAsync(caller, subject, api.IdentifierUri!);

        Assert.False(claims.TryGetProperty("roles", out _));
    }

    [Fact]
    public async Task Removed_assignment_is_gone_from_the_next_token()
    {
        var (api, caller, subject) = await ArrangeAsync("Orders.Read");
        var assignment = await Assign(caller, "Orders.Read", api);
        Assert.Equal(["Orders.Read"], Roles(await ClaimsAsync(caller, subject, api.IdentifierUri!)));

        await Server.Admin.DeleteRoleAssignmentAsync(assignment.Id, default);

        Assert.Empty(Roles(await ClaimsAsync(caller, subject, api.IdentifierUri!)));
    }

    [Theory]
    [InlineData("Orders.Delete", "declares 'Orders.Read'")]
    [InlineData("Reader", "declares 'Orders.Read'")]
    public async Task Role_the_resource_does_not_declare_is_refused(string role, string reason)
    {
        var (api, caller, _) = await ArrangeAsync("Orders.Read");

        var refusal = await Assert.ThrowsAsync<TesseraClientException>(() => Assign(caller, role, api));

        Assert.Equal(400, refusal.Status);
        Assert.Contains(reason, refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task App_role_still_assigned_cannot_be_dropped()
    {
        var (api, caller, _) = await ArrangeAsync("Orders.Read", "Orders.Write");
        await Assign(caller, "Orders.Read", api);

        var refusal = await Assert.ThrowsAsync<TesseraClientException>(() =>
            Server.Admin.SetAppRolesAsync(api.Name, null, new AppRolesResource(["Orders.Write"]), default));

        Assert.Equal(409, refusal.Status);
        Assert.Contains("'Orders.Read'", refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData(".leading-dot")]
    [InlineData("")]
    public async Task Malformed_app_role_names_are_refused(string role)
    {
        var refusal = await Assert.ThrowsAsync<TesseraClientException>(() => Server.Admin.CreateIdentityAsync(
            new CreateIdentityRequest(TesseraTestServer.Unique("api"), "app-registration", AppRoles: [role]), default));

        Assert.Equal(400, refusal.Status);
        Assert.Equal("appRoles", refusal.Problem!.Errors![0].Field);
    }

    [Fact]
    public async Task Admin_resource_token_carries_the_tessera_roles_of_its_tenant()
    {
        var holder = await Server.CreateRoleHolderAsync("Credential Administrator");
        var token = await holder.AccessTokenAsync();

        var payload = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.Split('.')[1]));
        using var document = JsonDocument.Parse(payload);

        Assert.Equal("api://tessera-admin", document.RootElement.GetProperty("aud").GetString());
        Assert.Equal(["Credential Administrator"], Roles(document.RootElement));
        Assert.Equal($"{Server.BaseUrl}/{Server.TenantId}/v2.0", document.RootElement.GetProperty("iss").GetString());
    }

    private Task<RoleAssignmentResource> Assign(IdentityResource caller, string role, IdentityResource resource) =>
        Server.Admin.CreateRoleAssignmentAsync(
            new CreateRoleAssignmentRequest(caller.ClientId.ToString(), role, resource.IdentifierUri), default);
}
