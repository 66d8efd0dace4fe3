using System.Diagnostics;
using System.Text.Json;
using Tessera.Testing;
using Xunit.Abstractions;

namespace Tessera.Cli.Tests;

/// <summary>'tessera run' outside Kubernetes: token file, environment, exit codes and signals.</summary>
public sealed class RunCommandTests(ServeFixture serve, ITestOutputHelper output)
    : IClassFixture<ServeFixture>, IAsyncLifetime
{
    private string _issuer = "";
    private string _identity = "";
    private Guid _clientId;

    public async Task InitializeAsync()
    {
        _issuer = "run-" + Guid.NewGuid().ToString("N")[..6];
        _identity = "runner-" + Guid.NewGuid().ToString("N")[..6];
        Assert.Equal(0, (await serve.RunAsync("issuer", "create", _issuer)).ExitCode);
        var created = await serve.RunAsync("identity", "create", _identity, "-o", "json");
        using var json = JsonDocument.Parse(created.Output);
        _clientId = json.RootElement.GetProperty("clientId").GetGuid();
        Assert.Equal(0, (await serve.RunAsync("identity", "create", _identity + "-api", "--kind", "app-registration",
            "--identifier-uri", $"api://{_identity}")).ExitCode);
        var issuerUrl = $"{serve.Url}/issuers/{_issuer}";
        Assert.Equal(0, (await serve.RunAsync("credential", "create", "--identity", _identity, "--name", "batch",
            "--issuer", issuerUrl, "--subject", "system:serviceaccount:batch:runner")).ExitCode);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private string[] Run(params string[] command) =>
        ["run", "--issuer", _issuer, "--service-account", "batch/runner", "--identity", _identity, "--", .. command];

    private string[] ManagedRun(params string[] command) => ["run", "--managed-identity", .. Run(command)[1..]];

    [Fact]
    public async Task Program_gets_a_private_token_file_without_newline_and_the_azure_variables()
    {
        var result = await serve.RunAsync(Run("sh", "-c",
            "stat -c %a \"$AZURE_FEDERATED_TOKEN_FILE\"; tail -c 1 \"$AZURE_FEDERATED_TOKEN_FILE\" | od -An -tx1; " +
            "echo \"$AZURE_CLIENT_ID|$AZURE_TENANT_ID|$AZURE_AUTHORITY_HOST|$AZURE_FEDERATED_TOKEN_FILE\"; " +
            "grep -c 'BEGIN CERTIFICATE' \"$SSL_CERT_FILE\"; echo \"$NODE_EXTRA_CA_CERTS\""));
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var variables = lines[2].Split('|');

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal("600", lines[0]);
        Assert.NotEqual("0a", lines[1]);
        Assert.Equal(_clientId.ToString(), variables[0]);
        Assert.Equal(serve.TenantId.ToString(), variables[1]);
        Assert.Equal(serve.Url + "/", variables[2]);
        Assert.False(File.Exists(variables[3]), "the token file is removed when the program exits");
        Assert.True(int.Parse(lines[3], System.Globalization.CultureInfo.InvariantCulture) > 1, "system roots plus Tessera's CA");
        Assert.Equal(Path.Combine(serve.DataDirectory, "ca.pem"), lines[4]);
    }

    [Fact]
    public async Task Workload_identity_credential_in_the_child_signs_in_from_the_environment_alone()
    {
        var environment = new Dictionary<string, string>(serve.Environment) { ["API_SCOPE"] = $"api://{_identity}/.default" };

        var result = await CliProcess.RunAsync(
            Run("dotnet", RepositoryPaths.Binary("Tessera.Samples.Workload", "Tessera.Samples.Workload"), "workload-identity"),
            environment);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains($"Signed in with WorkloadIdentityCredential: access token for api://{_identity}/.default",
            result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[0], "DefaultAzureCredential")]
    [InlineData(new[] { "managed-identity" }, "ManagedIdentityCredential")]
    public async Task Azure_sdk_in_the_child_signs_in_through_the_managed_identity_endpoint(
        string[] sampleArguments, string credential)
    {
        var environment = new Dictionary<string, string>(serve.Environment)
        {
            ["API_SCOPE"] = $"api://{_identity}/.default",
        };
        string[] sample = ["dotnet", RepositoryPaths.Binary("Tessera.Samples.Workload", "Tessera.Samples.Workload")];

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = await CliProcess.RunAsync(ManagedRun([.. sample, .. sampleArguments]), environment);
        output.WriteLine($"tessera run --managed-identity with {credential}: {watch.Elapsed.TotalSeconds:F1} s");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains($"Signed in with {credential}: access token for api://{_identity}/.default",
            result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Managed_identity_program_gets_the_endpoint_and_not_the_workload_identity_variables()
    {
        // The agent's own environment names a token file: the program must not inherit it, or
        // DefaultAzureCredential would try workload identity first.
        var environment = new Dictionary<string, string>(serve.Environment)
        {
            ["AZURE_FEDERATED_TOKEN_FILE"] = "/var/run/secrets/azure/tokens/azure-identity-token",
        };

        var result = await CliProcess.RunAsync(ManagedRun("sh", "-c",
            "env | grep -E '^(AZURE_|IDENTITY_|MSI_)' | cut -d= -f1 | sort | tr '\\n' ' '; echo; " +
            "echo \"$IDENTITY_ENDPOINT\"; echo \"${#IDENTITY_HEADER}\""), environment);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal("IDENTITY_ENDPOINT IDENTITY_HEADER", lines[0]);
        Assert.Matches("^http://127\\.0\\.0\\.1:[0-9]+/metadata/identity/oauth2/token$", lines[1]);
        Assert.Equal("64", lines[2]);
    }

    [Fact]
    public async Task Several_identities_are_served_and_chosen_by_client_id()
    {
        var second = "runner2-" + Guid.NewGuid().ToString("N")[..6];
        var created = await serve.RunAsync("identity", "create", second, "-o", "json");
        using var json = JsonDocument.Parse(created.Output);
        var secondClientId = json.RootElement.GetProperty("clientId").GetGuid();
        Assert.Equal(0, (await serve.RunAsync("credential", "create", "--identity", second, "--name", "batch",
            "--issuer", $"{serve.Url}/issuers/{_issuer}", "--subject", "system:serviceaccount:batch:runner")).ExitCode);
        var curl = "curl -s -H \"X-IDENTITY-HEADER: $IDENTITY_HEADER\" " +
            $"\"$IDENTITY_ENDPOINT?api-version=2019-08-01&resource=api://{_identity}";

        var result = await serve.RunAsync(
            ["run", "--managed-identity", "--issuer", _issuer, "--service-account", "batch/runner",
                "--identity", _identity, "--identity", second, "--",
                "sh", "-c", $"{curl}\"; echo; {curl}&client_id={secondClientId}\""]);
        var answers = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("client_id").GetGuid())
            .ToList();

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal([_clientId, secondClientId], answers);
    }

    [Fact]
    public async Task Several_identities_without_managed_identity_are_refused()
    {
        var result = await serve.RunAsync(
            "run", "--issuer", _issuer, "--service-account", "batch/runner", "--identity", _identity,
            "--identity", _identity, "--", "true");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--identity is given 2 times; serving several identities needs --managed-identity",
            result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exit_code_of_the_program_is_returned()
    {
        var result = await serve.RunAsync(Run("sh", "-c", "exit 7"));

        Assert.Equal(7, result.ExitCode);
    }

    [Fact]
    public async Task Missing_program_is_a_clear_error_with_the_shells_exit_code()
    {
        var missing = await serve.RunAsync(Run("no-such-program-xyz"));
        var folder = await serve.RunAsync(Run("/tmp"));

        Assert.Equal(127, missing.ExitCode);
        Assert.Contains("Could not start 'no-such-program-xyz'", missing.Error, StringComparison.Ordinal);
        Assert.Equal(126, folder.ExitCode);
        Assert.Contains("it is a folder, not a program", folder.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Termination_signal_is_passed_to_the_program_which_decides_the_exit_code()
    {
        using var run = Process.Start(CliProcess.StartInfo(
            Run("sh", "-c", "trap 'echo got-term; exit 42' TERM; echo ready; while true; do sleep 0.1; done"), serve.Environment))!;
        Assert.Equal("ready", await run.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)));

        Signals.Send(run.Id, Signals.Terminate);
        await run.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));


        Assert.Equal("got-term", await run.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(42, run.ExitCode);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Agent_credential_runs_a_program_without_the_admin_token()
    {
        var created = await serve.RunAsync("agent-credential", "create", "--issuer", _issuer, "--service-accounts", "batch/*", "-o", "json");
        using var json = JsonDocument.Parse(created.Output);
        var secretFile = Path.Combine(serve.DataDirectory, "agent-" + Guid.NewGuid().ToString("N")[..6]);
        await File.WriteAllTextAsync(secretFile, json.RootElement.GetProperty("secret").GetString());
        var shared = await CliProcess.RunAsync(["run", "--issuer", _issuer, "--service-account", "batch/runner",
            "--agent-credential-file", secretFile, "--identity", _clientId.ToString(), "--tenant", serve.TenantId.ToString(),
            "--", "true"], new Dictionary<string, string> { ["TESSERA_SERVER"] = serve.Url });
        File.SetUnixFileMode(secretFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var environment = new Dictionary<string, string> { ["TESSERA_SERVER"] = serve.Url, ["TESSERA_CA_FILE"] = Path.Combine(serve.DataDirectory, "ca.pem") };
        string[] arguments = ["run", "--issuer", _issuer, "--service-account", "batch/runner", "--agent-credential-file", secretFile,
            "--identity", _clientId.ToString(), "--tenant", serve.TenantId.ToString(), "--", "sh", "-c", "test -s \"$AZURE_FEDERATED_TOKEN_FILE\""];

        var allowed = await CliProcess.RunAsync(arguments, environment);
        var withoutTenant = await CliProcess.RunAsync(arguments.Where(a => a != "--tenant" && a != serve.TenantId.ToString()), environment);
        var otherAccount = await CliProcess.RunAsync(arguments.Select(a => a == "batch/runner" ? "prod/runner" : a), environment);

        Assert.Equal(1, shared.ExitCode);
        Assert.Contains("can be read by other users", shared.Error, StringComparison.Ordinal);
        Assert.True(allowed.ExitCode == 0, allowed.Error);
        Assert.Equal(1, withoutTenant.ExitCode);
        Assert.Contains("--tenant as a tenant ID", withoutTenant.Error, StringComparison.Ordinal);
        Assert.Equal(1, otherAccount.ExitCode);
        Assert.Contains("may not mint tokens for prod/runner", otherAccount.Error, StringComparison.Ordinal);
    }
}
