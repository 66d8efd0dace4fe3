using System.Text.Json;
using Tessera.Testing;
using Xunit.Abstractions;

namespace Tessera.Compatibility.Tests;

/// <summary>
/// The real @azure/identity npm package (pinned in tests/js/package-lock.json, installed by scripts/test) signs in
/// against Tessera from Node: workload identity straight to the STS, and managed identity through the agent's
/// endpoint, configured by the environment alone.
/// </summary>
public sealed class JavaScriptTests(CompatibilityFixture fixture, ITestOutputHelper output)
    : IClassFixture<CompatibilityFixture>, IDisposable
{
    private const string Scope = CompatibilityFixture.Resource + "/.default";

    private static readonly string s_folder = Path.Combine(RepositoryPaths.Root, "tests", "js");

    private readonly DirectoryInfo _tokens = Directory.CreateTempSubdirectory("tessera-js-");

    public void Dispose() => _tokens.Delete(recursive: true);

    [Fact]
    public async Task Workload_identity_credential_without_instance_discovery_gets_a_token()
    {
        var token = await GetTokenAsync(await WorkloadEnvironmentAsync(), "workload-identity", Scope);

        AssertTokenFor(fixture.Identity.PrincipalId, fixture.Identity.ClientId, token, viaEndpoint: false);
    }

    [Fact]
    public async Task Default_credential_signs_in_with_workload_identity_from_the_environment_alone()
    {
        var token = await GetTokenAsync(await WorkloadEnvironmentAsync(), "default", Scope);

        AssertTokenFor(fixture.Identity.PrincipalId, fixture.Identity.ClientId, token, viaEndpoint: false);
    }

    [Fact]
    public async Task Managed_identity_credential_gets_a_token_through_the_endpoint()
    {
        await using var scope = await EndpointScope.StartAsync(fixture);

        var token = await GetTokenAsync(scope.Environment(fixture), "managed-identity", Scope);

        AssertTokenFor(fixture.Identity.PrincipalId, fixture.Identity.ClientId, token);
        Assert.Equal(1, scope.Endpoint.ExchangeCount);
    }

    [Theory]
    [InlineData("client_id")]
    [InlineData("object_id")]
    [InlineData("resource_id")]
    public async Task Managed_identity_credential_selects_a_user_assigned_identity(string selector)
    {
        await using var scope = await EndpointScope.StartAsync(fixture);
        var value = selector switch
        {
            "client_id" => scope.Second.ClientId.ToString(),
            "object_id" => scope.Second.PrincipalId.ToString(),
            _ => scope.Second.ResourceId!,
        };

        var token = await GetTokenAsync(scope.Environment(fixture), "managed-identity", Scope, $"{selector}={value}");

        AssertTokenFor(scope.Second.PrincipalId, scope.Second.ClientId, token);
    }

    [Fact]
    public async Task Default_credential_from_the_environment_alone_uses_the_endpoint()
    {
        await using var scope = await EndpointScope.StartAsync(fixture);

        var token = await GetTokenAsync(scope.Environment(fixture), "default", Scope);

        AssertTokenFor(fixture.Identity.PrincipalId, fixture.Identity.ClientId, token);
    }

    [Fact]
    public async Task Managed_identity_credential_reaches_the_imds_form_through_the_pod_identity_host()
    {
        await using var scope = await EndpointScope.StartAsync(fixture, openImds: true);
        var environment = new Dictionary<string, string>
        {
            ["AZURE_POD_IDENTITY_AUTHORITY_HOST"] = scope.Endpoint.ImdsHost.ToString().TrimEnd('/'),
            ["NODE_EXTRA_CA_CERTS"] = fixture.Server.Server.CaCertificatePath!,
        };

        var token = await GetTokenAsync(environment, "managed-identity", Scope);

        AssertTokenFor(fixture.Identity.PrincipalId, fixture.Identity.ClientId, token);
    }

    [Fact]
    public async Task Endpoints_refusal_reaches_the_program_with_its_reason()
    {
        await using var scope = await EndpointScope.StartAsync(fixture);
        var environment = scope.Environment(fixture);
        environment["IDENTITY_HEADER"] = new string('0', 64);

        var result = await RunAsync(environment, "managed-identity", Scope);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("does not hold this endpoint's secret", result.Error, StringComparison.Ordinal);
        Assert.Equal(0, scope.Endpoint.ExchangeCount);
    }

    /// <summary>What a pod or <c>tessera run</c> gives a program for workload identity.</summary>
    private async Task<Dictionary<string, string>> WorkloadEnvironmentAsync() => new()
    {
        ["AZURE_CLIENT_ID"] = fixture.Identity.ClientId.ToString(),
        ["AZURE_TENANT_ID"] = fixture.Server.TenantId.ToString(),
        ["AZURE_FEDERATED_TOKEN_FILE"] = await fixture.WriteTokenFileAsync(_tokens.FullName),
        ["AZURE_AUTHORITY_HOST"] = fixture.Server.BaseUrl + "/",
        ["NODE_EXTRA_CA_CERTS"] = fixture.Server.Server.CaCertificatePath!,
    };

    private async Task<JsonElement> GetTokenAsync(Dictionary<string, string> environment, params string[] arguments)
    {
        var result = await RunAsync(environment, arguments);
        output.WriteLine(
            $"node get-token.mjs {arguments[0]}: exit {result.ExitCode}, {result.Elapsed.TotalMilliseconds:F0} ms");
        Assert.True(result.ExitCode == 0, result.Error + result.Output);
        using var document = JsonDocument.Parse(result.Output);
        return document.RootElement.Clone();
    }

    private static async Task<ChildResult> RunAsync(Dictionary<string, string> environment, params string[] arguments)
    {
        Assert.True(Directory.Exists(Path.Combine(s_folder, "node_modules", "@azure", "identity")),
            $"@azure/identity is not installed in {s_folder}: run 'npm ci' there (scripts/test does).");
        string[] script = [Path.Combine(s_folder, "get-token.mjs"), .. arguments];
        return await ChildProcesses.RunAsync("node", script, environment);
    }

    /// <param name="viaEndpoint">Whether the token came through the endpoint, whose expiry is never later than the
    /// token's; the SDK's own count from the STS's <c>expires_in</c> may end a second after it.</param>
    private static void AssertTokenFor(Guid principalId, Guid clientId, JsonElement result, bool viaEndpoint = true)
    {
        var claims = JwtFactory.Claims(result.GetProperty("token").GetString()!);
        Assert.Equal(CompatibilityFixture.Resource, claims.GetProperty("aud").GetString());
        Assert.Equal(principalId.ToString(), claims.GetProperty("oid").GetString());
        Assert.Equal(clientId.ToString(), claims.GetProperty("appid").GetString());

        var exp = claims.GetProperty("exp").GetInt64() * 1000;
        var latest = viaEndpoint ? exp : exp + 5_000;
        Assert.InRange(result.GetProperty("expiresOnTimestamp").GetInt64(), exp - 60_000, latest);
    }
}
