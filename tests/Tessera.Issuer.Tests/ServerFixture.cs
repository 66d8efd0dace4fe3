using Tessera.Testing;

namespace Tessera.Issuer.Tests;

/// <summary>A Tessera server shared by the tests of a class, with a two-hour cap on workload tokens.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public TesseraTestServer Server { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Server = await TesseraTestServer.StartAsync(maxWorkloadTokenLifetime: TimeSpan.FromHours(2));

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
