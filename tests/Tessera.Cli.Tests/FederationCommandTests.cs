using System.Text.Json;

namespace Tessera.Cli.Tests;

/// <summary>'tessera credential create' with presets and expressions, and 'tessera trusted-issuer', as typed.</summary>
public sealed class FederationCommandTests(ServeFixture serve) : IClassFixture<ServeFixture>
{
    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    private async Task<string> IdentityAsync()
    {
        var name = Unique("deploy");
        var created = await serve.RunAsync("identity", "create", name, "-o", "json");
        Assert.True(created.ExitCode == 0, created.Error);
        return name;
    }

    [Fact]
    public async Task GitHub_preset_fills_issuer_and_subject_and_turns_replay_protection_on_once()
    {
        var identity = await IdentityAsync();
        var issuer = $"https://{Guid.NewGuid():N}.ghe.example/_services/token";

        var branch = await serve.RunAsync("credential", "create", "--identity", identity, "--preset", "github",
            "--issuer", issuer, "--repo", "contoso/orders", "--branch", "main");
        var tag = await serve.RunAsync("credential", "create", "--identity", identity, "--preset", "github",
            "--issuer", issuer, "--repo", "contoso/orders", "--tag", "v*", "--repository-id", "740213");
        var listed = await serve.RunAsync("credential", "list", "--identity", identity);
        var settings = await serve.RunAsync("trusted-issuer", "list", "-o", "json");

        Assert.True(branch.ExitCode == 0, branch.Error);
        Assert.Contains("Name:                       github-orders-branch-main", branch.Output, StringComparison.Ordinal);
        Assert.Contains("Subject:                    repo:contoso/orders:ref:refs/heads/main", branch.Output,
            StringComparison.Ordinal);
        Assert.Contains($"Issuer:                     {issuer}", branch.Output, StringComparison.Ordinal);
        Assert.Contains("Audience:                   api://AzureADTokenExchange", branch.Output, StringComparison.Ordinal);
        Assert.Contains($"Turned replay protection on for issuer {issuer}", branch.Output, StringComparison.Ordinal);
        Assert.Contains("Pin it by ID as well: run again with --repository-id ID", branch.Output, StringComparison.Ordinal);
        Assert.True(tag.ExitCode == 0, tag.Error);
        Assert.Contains("Claims matching expression: claims['sub'] matches 'repo:contoso/orders:ref:refs/tags/v*' and " +
            "claims['repository_id'] eq '740213'", tag.Output, StringComparison.Ordinal);
        Assert.Contains($"Issuer {issuer} already has settings (replay protection on); left as they are.", tag.Output,
            StringComparison.Ordinal);
        Assert.Contains("claims['sub'] matches 'repo:contoso/orders:ref:refs/tags/v*'", listed.Output, StringComparison.Ordinal);
        Assert.Contains("repo:contoso/orders:ref:refs/heads/main", listed.Output, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(settings.Output);
        var entry = document.RootElement.EnumerateArray().Single(e => e.GetProperty("issuer").GetString() == issuer);
        Assert.True(entry.GetProperty("replayProtection").GetBoolean());
    }

    [Fact]
    public async Task Option_of_another_preset_exits_2_naming_it()
    {
        var identity = await IdentityAsync();

        var result = await serve.RunAsync("credential", "create", "--identity", identity, "--preset", "github",
            "--repo", "contoso/orders", "--service-account", "prod/orders");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: --service-account does not go with --preset github.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_expression_is_refused_naming_the_column()
    {
        var identity = await IdentityAsync();

        var result = await serve.RunAsync("credential", "create", "--identity", identity, "--name", "flex",
            "--issuer", "https://gitlab.example", "--claims-matching-expression", "claims['sub'] = 'project_path:a/b:*'");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("column 15: unexpected character '='; compare with 'eq' or 'matches'", result.Error,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trusted_issuer_set_and_delete()
    {
        var issuer = $"https://{Guid.NewGuid():N}.cluster.example";

        var set = await serve.RunAsync("trusted-issuer", "set", "--issuer", issuer, "--replay-protection", "on");
        var off = await serve.RunAsync("trusted-issuer", "set", "--issuer", issuer, "--replay-protection", "off");
        var listed = await serve.RunAsync("trusted-issuer", "list");
        var deleted = await serve.RunAsync("trusted-issuer", "delete", "--issuer", issuer);
        var wrong = await serve.RunAsync("trusted-issuer", "set", "--issuer", issuer, "--replay-protection", "yes");

        Assert.True(set.ExitCode == 0, set.Error);
        Assert.Contains("Replay protection: on", set.Output, StringComparison.Ordinal);
        Assert.Contains("Replay protection: off", off.Output, StringComparison.Ordinal);
        Assert.Contains(listed.Output.Split('\n'), line => line.StartsWith(issuer, StringComparison.Ordinal)
            && line.Contains(" off ", StringComparison.Ordinal));
        Assert.Equal($"Deleted the settings of {issuer}; replay protection is off for it.", deleted.Output.Trim());
        Assert.NotEqual(0, wrong.ExitCode);
    }
}
