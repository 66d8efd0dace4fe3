namespace Tessera.Cli.Tests;

public sealed class AdminTokenTests(ServeFixture serve) : IClassFixture<ServeFixture>
{
    [Fact]
    public async Task Reset_token_replaces_the_admin_token_of_a_running_server()
    {
        var tokenFile = Path.Combine(serve.DataDirectory, "admin-token");
        var old = await File.ReadAllTextAsync(tokenFile);

        var reset = await serve.RunAsync("admin", "reset-token");
        var withNew = await serve.RunAsync("tenant", "list");
        var withOld = await CliProcess.RunAsync(["tenant", "list", "--data", serve.DataDirectory],
            new Dictionary<string, string> { ["TESSERA_ADMIN_TOKEN"] = old });

        Assert.True(reset.ExitCode == 0, reset.Error);
        Assert.NotEqual(old, await File.ReadAllTextAsync(tokenFile));
        Assert.Equal(0, withNew.ExitCode);
        Assert.Equal(1, withOld.ExitCode);
        Assert.Contains("The server refused the credential from $TESSERA_ADMIN_TOKEN", withOld.Error, StringComparison.Ordinal);
        var audit = await serve.RunAsync("audit", "--action", "admin-token.reset");
        Assert.Contains("tessera admin reset-token (", audit.Output, StringComparison.Ordinal);
    }
}
