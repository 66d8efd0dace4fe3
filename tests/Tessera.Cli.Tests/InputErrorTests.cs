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

    [Fact]
    public async Task Certificate_without_its_key_is_refused_before_anything_is_written()
    {
        var folder = Path.Combine(Path.GetTempPath(), "tessera-never-" + Guid.NewGuid().ToString("N"));
        var certificate = Path.GetTempFileName();
        try
        {
            var result = await CliProcess.RunAsync(["serve", "--data", folder, "--certificate", certificate]);

            Assert.Equal(2, result.ExitCode);
            Assert.Contains("--certificate and --certificate-key go together", result.Error, StringComparison.Ordinal);
            Assert.False(Directory.Exists(folder));
        }
        finally
        {
            File.Delete(certificate);
        }
    }
}
