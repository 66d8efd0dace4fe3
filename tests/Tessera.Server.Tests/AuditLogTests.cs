using System.Net.Http.Headers;
using System.Net.Http.Json;
using Tessera.Client.Contracts;
using Tessera.Testing;

namespace Tessera.Server.Tests;

/// <summary>Every admin change is in the audit log with who, when, what, before, after and correlation ID.</summary>
public sealed class AuditLogTests(AuditLogTests.Fixture fixture) : IClassFixture<AuditLogTests.Fixture>
{
    private const string Issuer = "https://issuer.example/audit";
    private TesseraTestServer Server => fixture.Server;

    [Fact]
    public async Task Credential_created_by_a_pipeline_is_audited_with_its_identity_and_correlation_id()
    {
        var pipeline = await Server.CreateRoleHolderAsync("Credential Administrator");
        var target = await Server.CreateIdentityAsync(Issuer, "system:serviceaccount:ns:audited");
        var correlationId = Guid.NewGuid();
        var body = new CreateFederatedCredentialRequest("from-ci", Issuer, "system:serviceaccount:ns:ci");
        using var request = new HttpRequestMessage(
            HttpMethod.Post, $"admin/identities/{target.ClientId}/federated-credentials")
        {
            Content = JsonContent.Create(body),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await pipeline.AccessTokenAsync());
        request.Headers.Add("client-request-id", correlationId.ToString());

        using var response = await Server.Http.SendAsync(request);
        var records = await Server.Admin.ListAuditAsync(
            null, null, "federated-credential.create", null, null, 1000, default);
        var record = records.Single(r => r.CorrelationId == correlationId.ToString());

        Assert.Equal(201, (int)response.StatusCode);
        Assert.Equal(correlationId.ToString(), response.Headers.GetValues("x-correlation-id").Single());
        Assert.Equal($"identity '{pipeline.Identity.Name}' (client ID {pipeline.Identity.ClientId})", record.Actor);
        Assert.Equal(Server.TenantId, record.TenantId);
        Assert.Equal($"/admin/identities/{target.ClientId}/federated-credentials/from-ci", record.Target);
        Assert.Null(record.Before);
        Assert.Equal("system:serviceaccount:ns:ci", record.After!.Value.GetProperty("subject").GetString());
        Assert.InRange(record.Time, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task Deletion_records_the_object_as_it_was()
    {
        var target = await Server.CreateIdentityAsync(Issuer, "system:serviceaccount:ns:deleted");

        await Server.Admin.DeleteIdentityAsync(target.ClientId.ToString(), null, default);
        var record = (await Server.Admin.ListAuditAsync(null, null, "identity.delete", null, null, 1000, default))
            .Single(r => r.Target == $"/admin/identities/{target.ClientId}");

        Assert.Equal("admin", record.Actor);
        Assert.Equal(target.Name, record.Before!.Value.GetProperty("name").GetString());
        Assert.Null(record.After);
    }

    public static TheoryData<string> AuditedActions => new()
    {
        "tenant.create", "identity.create", "app-roles.update", "role-assignment.create", "role-assignment.delete",
        "federated-credential.create", "federated-credential.delete", "issuer.create", "agent-credential.create",
        "agent-credential.delete",
    };

    [Theory]
    [MemberData(nameof(AuditedActions))]
    public async Task Every_kind_of_change_is_audited(string action)
    {
        var secret = await fixture.MakeEveryKindOfChangeAsync();

        var records = await Server.Admin.ListAuditAsync(null, null, action, null, null, null, default);

        Assert.NotEmpty(records);
        Assert.All(records, r => Assert.True(Guid.TryParse(r.CorrelationId, out _)));
        Assert.DoesNotContain(records, r => (r.After?.GetRawText() ?? "").Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reader_of_one_tenant_reads_only_that_tenants_audit_records()
    {
        var other = await Server.Admin.CreateTenantAsync(
            new CreateTenantRequest(TesseraTestServer.Unique("t")), default);
        var reader = await Server.CreateRoleHolderAsync("Reader", other.Id.ToString());
        await Server.CreateIdentityAsync(Issuer, "system:serviceaccount:ns:elsewhere");
        using var client = await reader.AdminClientAsync();

        var records = await client.ListAuditAsync(null, null, null, null, null, 1000, default);

        Assert.NotEmpty(records);
        Assert.All(records, r => Assert.Equal(other.Id, r.TenantId));
    }

    /// <summary>A server on which every kind of admin change is made once, when a test first asks.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private string? _agentSecret;

        public TesseraTestServer Server { get; private set; } = null!;

        public async Task InitializeAsync() => Server = await TesseraTestServer.StartAsync();

        public async Task DisposeAsync() => await Server.DisposeAsync();

        /// <summary>Makes the changes once; returns the agent credential secret created on the way.</summary>
        public async Task<string> MakeEveryKindOfChangeAsync()
        {
            await _gate.WaitAsync();
            try
            {
                return _agentSecret ??= await MakeChangesAsync();
            }
            finally
            {
                _gate.Release();
            }
        }

        private async Task<string> MakeChangesAsync()
        {
            var admin = Server.Admin;
            await admin.CreateTenantAsync(new CreateTenantRequest(TesseraTestServer.Unique("t")), default);
            var issuer = await Server.CreateIssuerAsync();
            var agent = await admin.CreateAgentCredentialAsync(
                issuer.Name, new CreateAgentCredentialRequest("ns/sa"), default);
            await admin.DeleteAgentCredentialAsync(issuer.Name, agent.Id, default);
            await admin.CreateIdentityAsync(new CreateIdentityRequest(
                "orders", "app-registration", IdentifierUri: "api://orders", AppRoles: ["Orders.Read"]), default);
            await admin.SetAppRolesAsync(
                "orders", null, new AppRolesResource(["Orders.Read", "Orders.Write"]), default);
            var worker = await Server.CreateIdentityAsync(Issuer, "system:serviceaccount:ns:worker");
            var assignment = await admin.CreateRoleAssignmentAsync(
                new CreateRoleAssignmentRequest(worker.Name, "Orders.Read", "api://orders"), default);
            await admin.DeleteRoleAssignmentAsync(assignment.Id, default);
            var credential = (await admin.ListCredentialsAsync(worker.Name, null, default))[0];
            await admin.DeleteCredentialAsync(worker.Name, credential.Name, null, default);
            return agent.Secret!;
        }
    }
}
