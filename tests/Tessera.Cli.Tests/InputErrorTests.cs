namespace Tessera.Cli.Tests;

/// <summary>Wrong commands and missing setup get a message saying what to do, and a non-zero exit.</summary>
public sealed class InputErrorTests
{
    [Fact]
    public async Task Missing_required_option_is_named()
    {
        var result = await CliProcess.RunAsync(["credential", "delete", "--identity", "x"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Option '--name' is required", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credential_without_name_or_preset_is_refused_before_contacting_the_server()
    {
        var result = await CliProcess.RunAsync(["credential", "create", "--identity", "x", "--subject", "s"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: --name is missing: name the credential", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_command_is_refused()
    {
        var result = await CliProcess.RunAsync(["identities", "list"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("identities", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "tenant", "list", "--output", "yaml" }, "Argument 'yaml' not recognized. Must be one of:")]
    [InlineData(new[] { "token", "workload", "--issuer", "a", "--service-account", "a/b", "--lifetime", "abc" },
        "--lifetime 'abc' is not a whole number; give seconds, 600-86400.")]
    [InlineData(new[] { "token", "workload", "--issuer", "a", "--service-account", "a/b", "--lifetime", "10" },
        "--lifetime 10 is out of range; give seconds, 600-86400.")]
    [InlineData(new[] { "serve", "--port", "http" }, "--port 'http' is not a whole number; give a port, 0-65535.")]
    [InlineData(new[] { "logs", "--limit", "0" }, "--limit 0 is out of range")]
    [InlineData(new[] { "serve", "--port", "70000" }, "--port 70000 is out of range; give a port, 0-65535.")]
    [InlineData(new[] { "serve", "--max-token-lifetime", "100" }, "--max-token-lifetime 100 is out of range; give seconds, 600-86400.")]
    [InlineData(new[] { "token", "get", "--identity", "x", "--scope", "s", "--assertion-file", "/tmp" }, "is a folder")]
    [InlineData(new[] { "run", "--issuer", "a", "--service-account", "a/b", "--identity", "x", "--token-file", "/nonexistent/dir/t", "--", "true" },
        "The folder of --token-file, '/nonexistent/dir', does not exist")]
    public async Task Bad_option_values_are_refused_in_the_options_terms(string[] arguments, string message)
    {
        var result = await CliProcess.RunAsync(arguments);

        Assert.NotEqual(0, result.ExitCode);
        Assert.True(result.Error.Contains(message, StringComparison.Ordinal), result.Error);
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
    public async Task Bad_serve_configuration_is_refused_before_anything_is_written(string option, string value, string message)
    {
        var folder = Path.Combine(Path.GetTempPath(), "tessera-never-" + Guid.NewGuid().ToString("N"));

        var result = await CliProcess.RunAsync(["serve", "--data", folder, option, value]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder));
    }
}
