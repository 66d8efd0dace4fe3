using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Tessera.Client;
using Tessera.Client.Contracts;
using Tessera.Testing;

namespace Tessera.Server.Tests;

public sealed class ServerFixture : IAsyncLifetime
{
    public TesseraTestServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await TesseraTestServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>The admin API: authentication, directory rules as problem documents, transactional limits.</summary>
public sealed class AdminApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Issuer = "https://issuer.example/cluster";
    private TesseraTestServer Server => fixture.Server;

    public static TheoryData<string, string> AdminRoutes => new()
    {
        { "GET", "admin/server" },
        { "GET", "admin/tenants" },
        { "POST", "admin/tenants" },
        { "GET", "admin/identities" },
        { "POST", "admin/identities" },
        { "GET", "admin/identities/x" },
        { "DELETE", "admin/identities/x" },
        { "GET", "admin/identities/x/federated-credentials" },
        { "POST", "admin/identities/x/federated-credentials" },
        { "DELETE", "admin/identities/x/federated-credentials/y" },
        { "GET", "admin/issuers" },
        { "POST", "admin/issuers" },
    };

    [Theory]
    [MemberData(nameof(AdminRoutes))]
    public async Task Every_admin_route_is_401_without_the_admin_token(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method == "POST" ? new StringContent("{}", Encoding.UTF8, "application/json") : null,
        };

        using var response = await Server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("admin token", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tsa_wrong")]
    [InlineData("Basic YWRtaW46YWRtaW4=")]
    public async Task Wrong_credentials_are_401(string credential)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "admin/tenants");
        request.Headers.TryAddWithoutValidation("Authorization", credential.StartsWith("tsa_", StringComparison.Ordinal) ? "Bearer " + credential : credential);

        using var response = await Server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task OpenApi_document_describes_the_admin_api()
    {
        using var document = JsonDocument.Parse(await Server.Http.GetStringAsync("openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        Assert.Contains("/admin/identities/{identity}/federated-credentials", paths);
        Assert.Contains("/admin/tenants", paths);
        Assert.Contains("/issuers/{name}/token", paths);
    }

    [Fact]
    public async Task Broken_credential_rules_are_400_naming_field_value_and_rule()
    {
        var identity = await CreateIdentityAsync();

        var refusal = await Assert.ThrowsAsync<TesseraClientException>(() => Server.Admin.CreateCredentialAsync(
            identity.ClientId.ToString(), null, new CreateFederatedCredentialRequest("x", "http://insecure", "", ["a", "b"]), default));

        Assert.Equal(400, refusal.Status);
        var errors = refusal.Problem!.Errors!;
        Assert.Equal(["name", "issuer", "subject", "audiences"], errors.Select(e => e.Field));
        Assert.Equal("http://insecure", errors[1].Value);
        Assert.Contains("https URL", errors[1].Rule, StringComparison.Ordinal);
        Assert.Null(errors[2].Value);
    }

    [Fact]
    public async Task Twenty_credentials_are_allowed_and_the_twenty_first_refused_even_when_sent_at_once()
    {
        var identity = await CreateIdentityAsync();

        var attempts = await Task.WhenAll(Enumerable.Range(0, 25).Select(async i =>
        {
            try
            {
                await Server.Admin.CreateCredentialAsync(identity.ClientId.ToString(), null,
                    new CreateFederatedCredentialRequest($"fic-{i}", Issuer, $"system:serviceaccount:ns:sa{i}"), default);
                return 0;
            }
            catch (TesseraClientException ex)
            {
                Assert.Contains("the most it may hold", ex.Message, StringComparison.Ordinal);
                return ex.Status!.Value;
            }
        }));

        Assert.Equal(20, attempts.Count(status => status == 0));
        Assert.Equal(5, attempts.Count(status => status == 400));
        Assert.Equal(20, (await Server.Admin.ListCredentialsAsync(identity.ClientId.ToString(), null, default)).Count);
    }

    [Fact]
    public async Task Same_issuer_and_subject_twice_is_400()
    {
        var identity = await CreateIdentityAsync();
        await Server.Admin.CreateCredentialAsync(identity.ClientId.ToString(), null,
            new CreateFederatedCredentialRequest("first", Issuer, "system:serviceaccount:a:b"), default);

        var refusal = await Assert.ThrowsAsync<TesseraClientException>(() => Server.Admin.CreateCredentialAsync(
            identity.ClientId.ToString(), null, new CreateFederatedCredentialRequest("second", Issuer, "system:serviceaccount:a:b"), default));

        Assert.Equal(400, refusal.Status);
        Assert.Contains("'first' already trusts", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Identity_can_be_addressed_by_name_and_deleting_it_deletes_its_credentials()
    {
        var identity = await CreateIdentityAsync();
        await Server.Admin.CreateCredentialAsync(identity.Name, null,
            new CreateFederatedCredentialRequest("by-name", Issuer, "system:serviceaccount:a:b"), default);

        var byName = await Server.Admin.GetIdentityAsync(identity.Name, null, default);
        await Server.Admin.DeleteIdentityAsync(identity.Name, null, default);

        Assert.Equal(identity.ClientId, byName.ClientId);
        var gone = await Assert.ThrowsAsync<TesseraClientException>(() =>
            Server.Admin.ListCredentialsAsync(identity.ClientId.ToString(), null, default));
        Assert.Equal(404, gone.Status);
    }

    [Fact]
    public async Task Identity_json_has_client_principal_and_tenant_ids()
    {
        var identity = await CreateIdentityAsync();

        using var request = new HttpRequestMessage(HttpMethod.Get, $"admin/identities/{identity.ClientId}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Server.Connection.AdminToken);
        using var response = await Server.Http.SendAsync(request);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(identity.ClientId.ToString(), json.RootElement.GetProperty("clientId").GetString());
        Assert.Equal(identity.PrincipalId.ToString(), json.RootElement.GetProperty("principalId").GetString());
        Assert.Equal(Server.TenantId.ToString(), json.RootElement.GetProperty("tenantId").GetString());
        Assert.Equal("managed-identity", json.RootElement.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Deleting_an_unknown_credential_is_404_naming_it()
    {
        var identity = await CreateIdentityAsync();

        var refusal = await Assert.ThrowsAsync<TesseraClientException>(() =>
            Server.Admin.DeleteCredentialAsync(identity.ClientId.ToString(), "ghost", null, default));

        Assert.Equal(404, refusal.Status);
        Assert.Contains("'ghost'", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Duplicate_tenant_is_409()
    {
        var name = TesseraTestServer.Unique("t");
        await Server.Admin.CreateTenantAsync(new CreateTenantRequest(name), default);

        var refusal = await Assert.ThrowsAsync<TesseraClientException>(() =>
            Server.Admin.CreateTenantAsync(new CreateTenantRequest(name), default));

        Assert.Equal(409, refusal.Status);
    }

    [Fact]
    public async Task Malformed_json_body_is_400_saying_what_could_not_be_read()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "admin/tenants")
        {
            Content = new StringContent("{\"name\": ", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Server.Connection.AdminToken);

        using var response = await Server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not valid JSON", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"name\": \"ok-name\", \"nmae\": \"typo\"}", "member at $.nmae that this endpoint does not know")]
    [InlineData("{\"name\": \"a-b-c\", \"name\": \"d-e-f\"}", "repeats a member")]
    [InlineData("{\"name\": 42}", "value of the wrong type at $.name")]
    [InlineData("", "needs a JSON body")]
    [InlineData("{\"name\": ", "not valid JSON")]
    public async Task Request_bodies_that_cannot_be_read_are_400_saying_what_is_wrong(string body, string reason)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "admin/tenants")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Server.Connection.AdminToken);

        using var response = await Server.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(text.Contains(reason, StringComparison.Ordinal), text);
    }

    [Fact]
    public async Task Unknown_route_answers_with_a_problem_document()
    {
        using var response = await Server.Http.GetAsync("no/such/route/here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Identity_names_are_unique_regardless_of_case()
    {
        var name = TesseraTestServer.Unique("Case");
        await Server.Admin.CreateIdentityAsync(new CreateIdentityRequest(name), default);

        var refusal = await Assert.ThrowsAsync<TesseraClientException>(() =>
            Server.Admin.CreateIdentityAsync(new CreateIdentityRequest(name.ToUpperInvariant()), default));

        Assert.Equal(409, refusal.Status);
        Assert.Contains($"already has an identity named '{name}'", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Identity_in_a_named_tenant_is_created_there()
    {
        var tenant = await Server.Admin.CreateTenantAsync(new CreateTenantRequest(TesseraTestServer.Unique("t")), default);

        var identity = await Server.Admin.CreateIdentityAsync(new CreateIdentityRequest("worker", Tenant: tenant.Name), default);
        var listed = await Server.Admin.ListIdentitiesAsync(tenant.Id.ToString(), default);

        Assert.Equal(tenant.Id, identity.TenantId);
        Assert.Equal([identity.ClientId], listed.Select(i => i.ClientId));
    }

    private Task<IdentityResource> CreateIdentityAsync() =>
        Server.Admin.CreateIdentityAsync(new CreateIdentityRequest(TesseraTestServer.Unique("id")), default);
}
