namespace Tessera.Cli.Tests;

public sealed class RotateTokenTests(ServeFixture serve) : IClassFixture<ServeFixture>
{
    [Fact]
    public async Task Rotate_token_replaces_the_admin_token_through_the_running_server()
    {
        var tokenFile = Path.Combine(serve.DataDirectory, "admin-token");
        var old = await File.ReadAllTextAsync(tokenFile);

        var rotate = await serve.RunAsync("admin", "rotate-token");
        var withNew = await serve.RunAsync("tenant", "list");
        var withOld = await CliProcess.RunAsync(["tenant", "list", "--data", serve.DataDirectory],
            new Dictionary<string, string> { ["TESSERA_ADMIN_TOKEN"] = old });
        var audit = await serve.RunAsync("audit", "--action", "admin-token.rotate");

        Assert.True(rotate.ExitCode == 0, rotate.Error);
        Assert.Contains($"The new one is in {tokenFile}", rotate.Output, StringComparison.Ordinal);
        Assert.NotEqual(old, await File.ReadAllTextAsync(tokenFile));
        Assert.Equal(0, withNew.ExitCode);
        Assert.Equal(1, withOld.ExitCode);
        Assert.Contains("admin-token.rotate", audit.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_given_in_the_environment_is_rotated_and_printed_once()
    {
        var current = await File.ReadAllTextAsync(Path.Combine(serve.DataDirectory, "admin-token"));

        var rotate = await CliProcess.RunAsync(["admin", "rotate-token", "--data", serve.DataDirectory],
            new Dictionary<string, string> { ["TESSERA_ADMIN_TOKEN"] = current });

        Assert.True(rotate.ExitCode == 0, rotate.Error);
        var printed = rotate.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Trim();
        Assert.StartsWith("tsa_", printed, StringComparison.Ordinal);
        Assert.Equal(current, await File.ReadAllTextAsync(Path.Combine(serve.DataDirectory, "admin-token")));
        await File.WriteAllTextAsync(Path.Combine(serve.DataDirectory, "admin-token"), printed);
    }
}
