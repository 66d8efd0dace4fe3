using System.Text.Json;

namespace Tessera.Cli.Tests;

/// <summary>The admin commands against a real 'tessera serve', as a user types them.</summary>
public sealed class AdminCommandTests(ServeFixture serve) : IClassFixture<ServeFixture>
{
    private static JsonElement Json(CliResult result)
    {
        Assert.True(result.ExitCode == 0, result.Error);
        using var document = JsonDocument.Parse(result.Output);
        return document.RootElement.Clone();
    }

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    [Fact]
    public void Serve_prints_its_url_tenant_and_ca()
    {
        Assert.Contains($"is serving on {serve.Url}", serve.Banner, StringComparison.Ordinal);
        Assert.Contains($"Tenant:           {serve.TenantId} (default)", serve.Banner, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(serve.DataDirectory, "ca.pem"), serve.Banner, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Identity_create_prints_client_principal_and_tenant_ids_as_json()
    {
        var identity = Json(await serve.RunAsync("identity", "create", Unique("worker"), "-o", "json"));

        Assert.True(Guid.TryParse(identity.GetProperty("clientId").GetString(), out _));
        Assert.True(Guid.TryParse(identity.GetProperty("principalId").GetString(), out _));
        Assert.Equal(serve.TenantId.ToString(), identity.GetProperty("tenantId").GetString());
    }

    [Fact]
    public async Task Workload_token_from_the_cli_exchanges_for_an_access_token()
    {
        var issuer = Unique("ci");
        var worker = Unique("worker");
        var api = Unique("api");
        var issuerUrl = Json(await serve.RunAsync("issuer", "create", issuer, "-o", "json")).GetProperty("url").GetString()!;
        Json(await serve.RunAsync("identity", "create", worker, "-o", "json"));
        Json(await serve.RunAsync("identity", "create", api, "--kind", "app-registration", "--identifier-uri", $"api://{api}", "-o", "json"));
        Json(await serve.RunAsync("credential", "create", "--identity", worker, "--name", "prod", "--issuer", issuerUrl,
            "--subject", "system:serviceaccount:prod:worker", "-o", "json"));
        var tokenFile = Path.Combine(serve.DataDirectory, worker + ".token");

        var workload = await serve.RunAsync("token", "workload", "--issuer", issuer, "--service-account", "prod/worker");
        await File.WriteAllTextAsync(tokenFile, workload.Output);
        var exchange = Json(await serve.RunAsync("token", "get", "--identity", worker, "--scope", $"api://{api}/.default",
            "--assertion-file", tokenFile, "-o", "json"));

        Assert.False(workload.Output.EndsWith('\n'));
        Assert.Equal("Bearer", exchange.GetProperty("token_type").GetString());
        Assert.Equal(86399, exchange.GetProperty("expires_in").GetInt32());
    }

    [Fact]
    public async Task Refused_exchange_prints_the_entra_error_and_exits_1()
    {
        var worker = Unique("worker");
        Json(await serve.RunAsync("identity", "create", worker, "-o", "json"));
        var tokenFile = Path.Combine(serve.DataDirectory, worker + ".bad");
        await File.WriteAllTextAsync(tokenFile, "not-a-token");

        var result = await serve.RunAsync("token", "get", "--identity", worker, "--scope", "api://x/.default", "--assertion-file", tokenFile);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: AADSTS50027: The client assertion is not a valid JWT", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Broken_credential_rules_are_listed_one_per_line_and_exit_1()
    {
        var worker = Unique("worker");
        Json(await serve.RunAsync("identity", "create", worker, "-o", "json"));

        var result = await serve.RunAsync("credential", "create", "--identity", worker, "--name", "x", "--issuer", "http://a",
            "--subject", "s");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error: the request broke 2 rules:", result.Error, StringComparison.Ordinal);
        Assert.Contains("  - name 'x' is not allowed: use 3-120 letters", result.Error, StringComparison.Ordinal);
        Assert.Contains("  - issuer 'http://a' is not allowed", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task Unknown_identity_is_a_clear_error()
    {
        var result = await serve.RunAsync("identity", "show", "nobody-here");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: Tenant 'default' has no identity named 'nobody-here'; see 'tessera identity list'.", result.Error.Trim());
    }

    [Fact]
    public async Task Table_output_lists_identities_in_aligned_columns()
    {
        var name = Unique("tabled");
        Json(await serve.RunAsync("identity", "create", name, "-o", "json"));

        var result = await serve.RunAsync("identity", "list");
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(0, result.ExitCode);
        Assert.Matches("^NAME +KIND +CLIENT ID +TENANT ID$", lines[0]);
        Assert.Contains(lines, l => l.StartsWith(name + " ", StringComparison.Ordinal) && l.Contains("managed-identity", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Explain_exits_0_for_a_token_that_would_pass_and_1_with_the_failing_check_otherwise()
    {
        var issuer = Unique("ex");
        var worker = Unique("worker");
        var issuerUrl = Json(await serve.RunAsync("issuer", "create", issuer, "-o", "json")).GetProperty("url").GetString()!;
        Json(await serve.RunAsync("identity", "create", worker, "-o", "json"));
        Json(await serve.RunAsync("credential", "create", "--identity", worker, "--name", "prod", "--issuer", issuerUrl,
            "--subject", "system:serviceaccount:prod:worker", "-o", "json"));
        var good = Path.Combine(serve.DataDirectory, worker + ".good");
        var wrong = Path.Combine(serve.DataDirectory, worker + ".wrong");
        await File.WriteAllTextAsync(good, (await serve.RunAsync("token", "workload", "--issuer", issuer, "--service-account", "prod/worker")).Output);
        await File.WriteAllTextAsync(wrong, (await serve.RunAsync("token", "workload", "--issuer", issuer, "--service-account", "prod/wroker")).Output);

        var passing = await serve.RunAsync("explain", "--assertion", good, "--identity", worker);
        var failing = await serve.RunAsync("explain", "--assertion", wrong, "--identity", worker);

        Assert.True(passing.ExitCode == 0, passing.Output + passing.Error);
        Assert.Contains("The exchange would succeed", passing.Output, StringComparison.Ordinal);
        Assert.Equal(1, failing.ExitCode);
        Assert.Contains("(same namespace, service account 'wroker' instead of 'worker')", failing.Output, StringComparison.Ordinal);
        Assert.Contains("The exchange would fail at: federated credential.", failing.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Static_keys_set_reads_a_jwks_from_standard_input_and_list_shows_its_keys()
    {
        using var key = System.Security.Cryptography.RSA.Create(2048);
        var issuer = $"https://{Unique("private")}.cluster.invalid";
        var jwks = new System.Text.Json.Nodes.JsonObject { ["keys"] = new System.Text.Json.Nodes.JsonArray(Testing.TestIssuer.PublicJwk(key)) };

        var set = await serve.RunWithInputAsync(jwks.ToJsonString(), "static-keys", "set", "--issuer", issuer, "--jwks-file", "-");
        var listed = Json(await serve.RunAsync("static-keys", "list", "-o", "json"))
            .EnumerateArray().Single(s => s.GetProperty("issuer").GetString() == issuer);
        var deleted = await serve.RunAsync("static-keys", "delete", "--issuer", issuer);

        Assert.True(set.ExitCode == 0, set.Error);
        Assert.Equal($"Uploaded 1 key(s) for {issuer}: {Testing.TestIssuer.KeyId(key)}.\n", set.Output);
        Assert.Equal(Testing.TestIssuer.KeyId(key), Assert.Single(listed.GetProperty("keyIds").EnumerateArray()).GetString());
        Assert.Equal(0, deleted.ExitCode);
        Assert.DoesNotContain(Json(await serve.RunAsync("static-keys", "list", "-o", "json")).EnumerateArray(),
            s => s.GetProperty("issuer").GetString() == issuer);
    }

    [Fact]
    public async Task Static_keys_set_refuses_a_missing_or_non_json_file_before_calling_the_server()
    {
        var notJson = Path.Combine(serve.DataDirectory, Unique("jwks") + ".txt");
        await File.WriteAllTextAsync(notJson, "-----BEGIN PUBLIC KEY-----");

        var missing = await serve.RunAsync("static-keys", "set", "--issuer", "https://c.example", "--jwks-file", notJson + ".none");
        var garbled = await serve.RunAsync("static-keys", "set", "--issuer", "https://c.example", "--jwks-file", notJson);

        Assert.Equal(2, missing.ExitCode);
        Assert.StartsWith($"error: cannot read the key set file '{notJson}.none'", missing.Error, StringComparison.Ordinal);
        Assert.Equal(2, garbled.ExitCode);
        Assert.StartsWith($"error: '{notJson}' is not JSON", garbled.Error, StringComparison.Ordinal);
        Assert.Contains("kubectl get --raw /openid/v1/jwks", garbled.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Static_keys_set_refuses_an_empty_or_oversized_file_and_a_folder_before_calling_the_server()
    {
        var empty = Path.Combine(serve.DataDirectory, Unique("empty") + ".json");
        var huge = Path.Combine(serve.DataDirectory, Unique("huge") + ".json");
        await File.WriteAllTextAsync(empty, " \n");
        await File.WriteAllTextAsync(huge, "{\"keys\":[\"" + new string('x', 600 * 1024) + "\"]}");

        var fromEmpty = await serve.RunAsync("static-keys", "set", "--issuer", "https://c.example", "--jwks-file", empty);
        var fromHuge = await serve.RunAsync("static-keys", "set", "--issuer", "https://c.example", "--jwks-file", huge);
        var fromFolder = await serve.RunAsync("static-keys", "set", "--issuer", "https://c.example", "--jwks-file", serve.DataDirectory);

        Assert.Equal((2, $"error: '{empty}' is empty."), (fromEmpty.ExitCode, fromEmpty.Error.Split(" Give")[0]));
        Assert.Equal(2, fromHuge.ExitCode);
        Assert.StartsWith($"error: '{huge}' is larger than 512 KiB, the most a key set may have", fromHuge.Error, StringComparison.Ordinal);
        Assert.Equal(2, fromFolder.ExitCode);
        Assert.StartsWith($"error: '{serve.DataDirectory}' is a folder", fromFolder.Error, StringComparison.Ordinal);
    }
}
