using System.Text.Json;

namespace Tessera.Cli.Tests;

public sealed class ServeLifecycleTests
{
    [Fact]
    public async Task Serve_stops_cleanly_on_sigterm_and_a_second_start_reuses_the_data_folder()
    {
        var first = new ServeFixture();
        await first.InitializeAsync();
        var tenant = first.TenantId;
        var identity = await first.RunAsync("identity", "create", "survivor", "-o", "json");

        var exitCode = await first.StopAsync();
        var second = ServeFixture.On(first.DataDirectory);
        await second.InitializeAsync();
        try
        {
            var shown = await second.RunAsync("identity", "show", "survivor", "-o", "json");
            using var before = JsonDocument.Parse(identity.Output);
            using var after = JsonDocument.Parse(shown.Output);

            Assert.Equal(0, exitCode);
            Assert.Equal(tenant, second.TenantId);
            Assert.Equal(before.RootElement.GetProperty("clientId").GetString(), after.RootElement.GetProperty("clientId").GetString());
        }
        finally
        {
            await second.DisposeAsync();
        }
    }
}
