using System.Text.Json;

namespace Tessera.Cli.Tests;

/// <summary>
/// The README's recipe, run as a user runs it: a pipeline identity federated to an issuer is given
/// Credential Administrator, signs in with its workload token alone, and manages federated credentials with the
/// CLI and no secret; the audit log names it.
/// </summary>
public sealed class PipelineAccessTests(ServeFixture serve) : IClassFixture<ServeFixture>
{
    [Fact]
    public async Task Pipeline_with_credential_administrator_manages_credentials_with_an_access_token_only()
    {
        var issuer = await RunOkAsync("issuer", "create", "ci", "-o", "json");
        var issuerUrl = JsonDocument.Parse(issuer).RootElement.GetProperty("url").GetString()!;
        var pipeline = JsonDocument.Parse(await RunOkAsync("identity", "create", "pipeline", "-o", "json")).RootElement;
        await RunOkAsync("identity", "create", "worker");
        await RunOkAsync("credential", "create", "--identity", "pipeline", "--name", "ci-main", "--issuer", issuerUrl,
            "--subject", "system:serviceaccount:ci:pipeline");
        await RunOkAsync("role", "assign", "--identity", "pipeline", "--role", "Credential Administrator",
            "--resource", "api://tessera-admin");
        var folder = Directory.CreateTempSubdirectory("tessera-pipeline-").FullName;
        var workloadFile = Path.Combine(folder, "oidc-token");
        await File.WriteAllTextAsync(workloadFile, (await RunOkAsync("token", "workload", "--issuer", "ci",
            "--service-account", "ci/pipeline")).Trim());

        var exchanged = await RunOkAsync("token", "get", "--identity", pipeline.GetProperty("clientId").GetString()!,
            "--tenant", serve.TenantId.ToString(), "--scope", "api://tessera-admin/.default",
            "--assertion-file", workloadFile, "-o", "json");
        var tokenFile = Path.Combine(folder, "tessera-token");
        var accessToken = JsonDocument.Parse(exchanged).RootElement.GetProperty("access_token").GetString();
        await File.WriteAllTextAsync(tokenFile, accessToken);
        var created = await serve.RunAsync("credential", "create", "--identity", "worker", "--name", "deploy",
            "--issuer", issuerUrl, "--subject", "system:serviceaccount:prod:worker", "--token-file", tokenFile);
        var refused = await serve.RunAsync("identity", "create", "intruder", "--token-file", tokenFile);
        var audit = await RunOkAsync("audit", "--action", "federated-credential.create", "-o", "json");

        Assert.True(created.ExitCode == 0, created.Error);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("needs the role Owner", refused.Error, StringComparison.Ordinal);
        var record = JsonDocument.Parse(audit).RootElement.EnumerateArray()
            .Single(r => r.GetProperty("target").GetString()!.EndsWith("/deploy", StringComparison.Ordinal));
        Assert.StartsWith("identity 'pipeline'", record.GetProperty("actor").GetString(), StringComparison.Ordinal);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void Serve_banner_names_the_console_metrics_and_probes()
    {
        Assert.Contains($"Admin console:    {serve.Url}/console", serve.Banner, StringComparison.Ordinal);
        Assert.Contains($"Metrics, probes:  {serve.Url}/metrics, /healthz, /readyz", serve.Banner,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Roles_are_assigned_listed_and_removed()
    {
        await RunOkAsync("identity", "create", "shop", "--kind", "app-registration", "--identifier-uri", "api://shop",
            "--app-role", "Shop.Read", "--app-role", "Shop.Write");
        await RunOkAsync("identity", "create", "buyer");

        var assigned = JsonDocument.Parse(await RunOkAsync("role", "assign", "--identity", "buyer",
            "--role", "Shop.Read", "--resource", "api://shop", "-o", "json")).RootElement;
        var listed = await RunOkAsync("role", "list", "--identity", "buyer");
        var removed = await RunOkAsync("role", "remove", assigned.GetProperty("id").GetString()!);
        var after = await RunOkAsync("role", "list", "--resource", "api://shop", "-o", "json");

        Assert.Contains("Shop.Read", listed, StringComparison.Ordinal);
        Assert.Contains("api://shop", listed, StringComparison.Ordinal);
        Assert.Contains("Removed role assignment", removed, StringComparison.Ordinal);
        Assert.Equal("[]", after.Trim());
    }

    [Fact]
    public async Task Unknown_app_role_is_refused_naming_the_declared_ones()
    {
        await RunOkAsync("identity", "create", "catalog", "--kind", "app-registration", "--identifier-uri",
            "api://catalog", "--app-role", "Catalog.Read");
        await RunOkAsync("identity", "create", "browser");

        var refused = await serve.RunAsync("role", "assign", "--identity", "browser", "--role", "Catalog.Delete",
            "--resource", "api://catalog");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("declares 'Catalog.Read'", refused.Error, StringComparison.Ordinal);
    }

    private async Task<string> RunOkAsync(params string[] arguments)
    {
        var result = await serve.RunAsync(arguments);
        Assert.True(result.ExitCode == 0, $"tessera {string.Join(' ', arguments)}: {result.Error}");
        return result.Output;
    }
}
