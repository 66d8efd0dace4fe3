using static Tessera.Webhook.Tests.WebhookHarness;

namespace Tessera.Webhook.Tests;

/// <summary>
/// Which environment variables each container gets: the four of Azure workload identity, in order, only where absent
/// and not empty, in init containers and containers alike; plus the sidecar's and the CA's when configured.
/// </summary>
public sealed class EnvironmentTests
{
    private const string TokenFile = "AZURE_FEDERATED_TOKEN_FILE=/var/run/secrets/azure/tokens/azure-identity-token";
    private const string Urls = "ASPNETCORE_URLS=http://+:8080";

    /// <param name="Account">Annotations of service account orders/orders-api (the client ID when null).</param>
    internal sealed record Case(
        Action<ReviewBuilder> Pod, string Container, string[] Expected,
        Dictionary<string, string>? Account = null, WebhookOptions? Options = null);

    private static readonly Dictionary<string, Case> s_cases = new()
    {
        ["Container_gets_the_four_variables_in_order_after_its_own"] = new(_ => { }, "api",
            [Urls, $"AZURE_CLIENT_ID={ClientId}", $"AZURE_TENANT_ID={DefaultTenantId}", TokenFile, $"AZURE_AUTHORITY_HOST={AuthorityHost}"]),
        ["Init_container_gets_them_too"] = new(p => p.InitContainer("migrate"), "migrate",
            [$"AZURE_CLIENT_ID={ClientId}", $"AZURE_TENANT_ID={DefaultTenantId}", TokenFile, $"AZURE_AUTHORITY_HOST={AuthorityHost}"]),
        ["Second_container_gets_them_too"] = new(p => p.Container("worker"), "worker",
            [$"AZURE_CLIENT_ID={ClientId}", $"AZURE_TENANT_ID={DefaultTenantId}", TokenFile, $"AZURE_AUTHORITY_HOST={AuthorityHost}"]),
        ["Existing_variable_is_kept_and_the_others_added"] = new(
            p => p.Container("worker", c => c["env"] = new System.Text.Json.Nodes.JsonArray(
                new System.Text.Json.Nodes.JsonObject { ["name"] = "AZURE_TENANT_ID", ["value"] = "set-by-user" })),
            "worker",
            ["AZURE_TENANT_ID=set-by-user", $"AZURE_CLIENT_ID={ClientId}", TokenFile, $"AZURE_AUTHORITY_HOST={AuthorityHost}"]),
        ["Empty_client_id_is_not_injected"] = new(_ => { }, "api",
            [Urls, $"AZURE_TENANT_ID={DefaultTenantId}", TokenFile, $"AZURE_AUTHORITY_HOST={AuthorityHost}"],
            Account: new() { ["azure.workload.identity/client-id"] = "" }),
        ["Tenant_annotation_wins_over_the_default"] = new(_ => { }, "api",
            [Urls, $"AZURE_CLIENT_ID={ClientId}", $"AZURE_TENANT_ID={TenantId}", TokenFile, $"AZURE_AUTHORITY_HOST={AuthorityHost}"],
            Account: new() { ["azure.workload.identity/client-id"] = ClientId, ["azure.workload.identity/tenant-id"] = TenantId }),
        ["Empty_tenant_annotation_wins_over_the_default"] = new(_ => { }, "api",
            [Urls, $"AZURE_CLIENT_ID={ClientId}", TokenFile, $"AZURE_AUTHORITY_HOST={AuthorityHost}"],
            Account: new() { ["azure.workload.identity/client-id"] = ClientId, ["azure.workload.identity/tenant-id"] = "" }),
        ["Configured_tenant_is_the_default"] = new(_ => { }, "api",
            [Urls, $"AZURE_CLIENT_ID={ClientId}", $"AZURE_TENANT_ID={TenantId}", TokenFile, $"AZURE_AUTHORITY_HOST={AuthorityHost}"],
            Options: new() { AuthorityHost = AuthorityHost, TenantId = TenantId }),
        ["No_authority_host_configured_injects_none"] = new(_ => { }, "api",
            [Urls, $"AZURE_CLIENT_ID={ClientId}", $"AZURE_TENANT_ID={DefaultTenantId}", TokenFile],
            Options: new()),
        ["Skipped_container_named_among_spaces_gets_nothing"] = new(
            p => p.Container("istio-proxy").Annotate("azure.workload.identity/skip-containers", " logger ;istio-proxy ; "),
            "istio-proxy", []),
        ["Container_not_in_the_skip_list_still_gets_them"] = new(
            p => p.Annotate("azure.workload.identity/skip-containers", "logger; istio-proxy"), "api",
            [Urls, $"AZURE_CLIENT_ID={ClientId}", $"AZURE_TENANT_ID={DefaultTenantId}", TokenFile, $"AZURE_AUTHORITY_HOST={AuthorityHost}"]),
        ["Skipped_init_container_gets_nothing"] = new(
            p => p.InitContainer("migrate").Annotate("azure.workload.identity/skip-containers", "migrate"), "migrate", []),
        // With the sidecar, applications get no token file, so DefaultAzureCredential reaches the endpoint.
        ["Sidecar_adds_the_identity_endpoint_on_the_default_port_instead_of_the_token_file"] = new(
            p => p.Annotate("azure.workload.identity/inject-proxy-sidecar", "true"), "api",
            [Urls, $"AZURE_CLIENT_ID={ClientId}", $"AZURE_TENANT_ID={DefaultTenantId}", $"AZURE_AUTHORITY_HOST={AuthorityHost}",
                "IDENTITY_ENDPOINT=http://127.0.0.1:8000/metadata/identity/oauth2/token", "IDENTITY_HEADER=*"]),
        ["Sidecar_port_annotation_moves_the_endpoint"] = new(
            p => p.Annotate("azure.workload.identity/inject-proxy-sidecar", "true")
                .Annotate("azure.workload.identity/proxy-sidecar-port", "9123"), "api",
            [Urls, $"AZURE_CLIENT_ID={ClientId}", $"AZURE_TENANT_ID={DefaultTenantId}", $"AZURE_AUTHORITY_HOST={AuthorityHost}",
                "IDENTITY_ENDPOINT=http://127.0.0.1:9123/metadata/identity/oauth2/token", "IDENTITY_HEADER=*"]),
        ["Ca_config_map_adds_the_trust_variables"] = new(_ => { }, "api",
            [Urls, $"AZURE_CLIENT_ID={ClientId}", $"AZURE_TENANT_ID={DefaultTenantId}", TokenFile, $"AZURE_AUTHORITY_HOST={AuthorityHost}",
                "SSL_CERT_FILE=/var/run/secrets/tessera/ca/ca.crt", "NODE_EXTRA_CA_CERTS=/var/run/secrets/tessera/ca/ca.crt"],
            Options: new() { AuthorityHost = AuthorityHost, CaConfigMap = "tessera-ca" }),
    };

    public static TheoryData<string> Cases => [.. s_cases.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Environment_rule(string name)
    {
        var (pod, container, expected, account, options) = s_cases[name];
        var harness = new WebhookHarness(options);
        if (account is not null)
        {
            harness.Accounts.Put("orders", "orders-api", account);
        }

        var review = new ReviewBuilder();
        pod(review);

        var result = await harness.ReviewAsync(review);

        Assert.True(result.Allowed, result.Message);
        Assert.Equal(expected, MaskHeader(result.Env(container)));
    }

    [Fact]
    public async Task Pod_without_the_label_is_allowed_unchanged()
    {
        var review = new ReviewBuilder().Label("azure.workload.identity/use", null);

        var result = await new WebhookHarness().ReviewAsync(review);

        Assert.True(result.Allowed);
        Assert.Empty(result.Patch);
        Assert.Null(result.Response["patchType"]);
    }

    [Theory]
    [InlineData("false")]
    [InlineData("True")]
    [InlineData("yes")]
    public async Task Label_other_than_true_is_allowed_unchanged(string value)
    {
        var review = new ReviewBuilder().Label("azure.workload.identity/use", value);

        var result = await new WebhookHarness().ReviewAsync(review);

        Assert.True(result.Allowed);
        Assert.Empty(result.Patch);
    }

    [Theory]
    [InlineData("UPDATE")]
    [InlineData("DELETE")]
    public async Task Operation_other_than_create_is_allowed_unchanged(string operation)
    {
        var review = new ReviewBuilder().Request("operation", operation);

        var result = await new WebhookHarness().ReviewAsync(review);

        Assert.True(result.Allowed);
        Assert.Empty(result.Patch);
    }

    /// <summary>The identity header is random per pod; the tables check that it is there, not its value.</summary>
    private static string[] MaskHeader(string[] env) =>
        env.Select(e => e.StartsWith("IDENTITY_HEADER=", StringComparison.Ordinal) && e.Length > 40 ? "IDENTITY_HEADER=*" : e).ToArray();
}
