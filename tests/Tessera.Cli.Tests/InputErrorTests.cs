namespace Tessera.Cli.Tests;

/// <summary>Wrong commands and missing setup get a message saying what to do, and a non-zero exit.</summary>
public sealed class InputErrorTests
{
    [Fact]
    public async Task Missing_required_option_is_named()
    {
        var result = await CliProcess.RunAsync(["credential", "create", "--identity", "x"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Option '--name' is required", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_command_is_refused()
    {
        var result = await CliProcess.RunAsync(["identities", "list"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("identities", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_output_format_is_refused()
    {
        var result = await CliProcess.RunAsync(["tenant", "list", "--output", "yaml"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("yaml", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_command_without_a_server_explains_how_to_find_one()
    {
        var empty = Directory.CreateTempSubdirectory("tessera-none-");
        try
        {
            var result = await CliProcess.RunAsync(["identity", "list", "--data", empty.FullName]);

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("server.json' does not exist. Start one with 'tessera serve'", result.Error, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete();
        }
    }

    [Fact]
    public async Task Http_server_url_is_refused()
    {
        var result = await CliProcess.RunAsync(["tenant", "list", "--server", "http://127.0.0.1:8443"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("not an https URL", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--certificate", "/etc/hostname", "--certificate and --certificate-key go together")]
    [InlineData("--host", "tessera.example", "--host 'tessera.example' is not an IP address")]
    [InlineData("--public-url", "http://tessera.example", "must be an https origin")]
    [InlineData("--public-url", "https://tessera.example/sts", "must be an https origin without a path")]
    [InlineData("--port", "70000", "--port 70000 is not a port")]
    [InlineData("--max-token-lifetime", "100", "outside 600-86400 seconds")]
    public async Task Bad_serve_configuration_is_refused_before_anything_is_written(string option, string value, string message)
    {
        var folder = Path.Combine(Path.GetTempPath(), "tessera-never-" + Guid.NewGuid().ToString("N"));

        var result = await CliProcess.RunAsync(["serve", "--data", folder, option, value]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder));
    }
}
