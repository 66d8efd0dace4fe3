namespace Tessera.Cli.Tests;

public sealed class DemoTests
{
    [Fact]
    public async Task Demo_runs_the_whole_token_dance_with_the_azure_sdk_and_exits_0()
    {
        var result = await CliProcess.RunAsync(["demo"], timeoutSeconds: 300);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains("[5/5]", result.Output, StringComparison.Ordinal);
        Assert.Contains("Signed in with DefaultAzureCredential", result.Output, StringComparison.Ordinal);
        Assert.Contains("-> 200", result.Output, StringComparison.Ordinal);
        Assert.Contains("The token dance works end to end", result.Output, StringComparison.Ordinal);
    }
}
