using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Tessera.Client;
using Tessera.Client.Contracts;
using Tessera.Server;
using Tessera.Server.Hosting;

namespace Tessera.Testing;

/// <summary>
/// A real Tessera server for tests: HTTPS on a free port, SQLite in a temporary data folder, optionally a fake
/// clock. Clients built here trust its CA the way a user's would.
/// </summary>
public sealed class TesseraTestServer : IAsyncDisposable
{
    private readonly bool _ownsFolder;

    private TesseraTestServer(TesseraServer server, string dataDirectory, FakeTimeProvider? time, bool ownsFolder)
    {
        Server = server;
        DataDirectory = dataDirectory;
        Time = time;
        _ownsFolder = ownsFolder;
        Connection = ServerConnection.Resolve(server.BaseUrl, dataDirectory);
        Http = Connection.CreateHttpClient();
        Admin = TesseraAdminClient.Connect(Connection);
    }

    public TesseraServer Server { get; }

    public string DataDirectory { get; }

    /// <summary>The server's clock when the test asked for a fake one.</summary>
    public FakeTimeProvider? Time { get; }

    public ServerConnection Connection { get; }

    /// <summary>An HTTP client for the server's base URL, trusting its CA, without credentials.</summary>
    public HttpClient Http { get; }

    public TesseraAdminClient Admin { get; }

    public string BaseUrl => Server.BaseUrl;

    public Guid TenantId => Server.DefaultTenant.Id;

    public static async Task<TesseraTestServer> StartAsync(
        bool fakeTime = false,
        string? dataDirectory = null,
        IReadOnlyList<string>? issuerCaFiles = null,
        TimeSpan? maxWorkloadTokenLifetime = null,
        int port = 0,
        IReadOnlyList<string>? allowedIssuerNetworks = null,
        Tessera.Sts.RateLimits? rateLimits = null,
        string? store = null,
        string? storeConnection = null,
        Func<ServerOptions, ServerOptions>? configure = null,
        Action<IServiceCollection>? services = null,
        Action<ILoggingBuilder>? logging = null)
    {
        var folder = dataDirectory ?? Directory.CreateTempSubdirectory("tessera-test-").FullName;
        var kind = store ?? TestStore.Kind;
        var connection = kind == "postgres" ? storeConnection ?? TestStore.DatabaseFor(folder) : null;
        var time = fakeTime ? new FakeTimeProvider(DateTimeOffset.UtcNow) : null;
        var options = new ServerOptions
        {
            DataDirectory = folder,
            Store = kind,
            StoreConnection = connection,
            KeyEncryptionKeyFile = connection is null ? null : TestStore.KeyEncryptionKeyFileFor(connection),
            Port = port,
            IssuerCaFiles = issuerCaFiles ?? [],
            // Test issuers listen on loopback, which production refuses unless allowed.
            AllowedIssuerNetworks = allowedIssuerNetworks ?? ["127.0.0.0/8"],
            // Tests send bursts from one address; the limits have their own tests.
            RateLimits = rateLimits ?? Tessera.Sts.RateLimits.Off,
            MaxWorkloadTokenLifetime = maxWorkloadTokenLifetime ?? TimeSpan.FromHours(24),
        };
        var server = await TesseraServer.StartAsync(configure?.Invoke(options) ?? options,
            collection =>
            {
                if (time is not null)
                {
                    collection.Replace(ServiceDescriptor.Singleton<TimeProvider>(time));
                }

                services?.Invoke(collection);
            },
            builder =>
            {
                builder.SetMinimumLevel(LogLevel.Warning);
                logging?.Invoke(builder);
            });
        return new TesseraTestServer(server, folder, time, ownsFolder: dataDirectory is null);
    }

    /// <summary>Creates a managed identity (or app registration) with one federated credential.</summary>
    public async Task<IdentityResource> CreateIdentityAsync(
        string issuer, string subject, string kind = "managed-identity", string audience = "api://AzureADTokenExchange")
    {
        var identity = await Admin.CreateIdentityAsync(new CreateIdentityRequest(Unique("id"), kind), CancellationToken.None);
        await Admin.CreateCredentialAsync(identity.ClientId.ToString(), null,
            new CreateFederatedCredentialRequest(Unique("fic"), issuer, subject, [audience]), CancellationToken.None);
        return identity;
    }

    /// <summary>Registers an app registration as a resource with the given identifier URI.</summary>
    public Task<IdentityResource> CreateResourceAsync(string identifierUri, int version = 1) =>
        Admin.CreateIdentityAsync(
            new CreateIdentityRequest(Unique("api"), "app-registration", null, identifierUri, version), CancellationToken.None);

    /// <summary>Posts a token request form as an SDK would and returns status and JSON body.</summary>
    public async Task<(int Status, JsonElement Body, HttpResponseMessage Response)> PostTokenAsync(
        IReadOnlyDictionary<string, string> form, string? tenant = null, int version = 2)
    {
        var path = version == 2 ? "oauth2/v2.0/token" : "oauth2/token";
        var response = await Http.PostAsync($"{tenant ?? TenantId.ToString()}/{path}", new FormUrlEncodedContent(form));
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return ((int)response.StatusCode, document.RootElement.Clone(), response);
    }

    /// <summary>The usual client-credentials form with an assertion.</summary>
    public static Dictionary<string, string> TokenForm(Guid clientId, string assertion, string scope) => new()
    {
        ["client_id"] = clientId.ToString(),
        ["grant_type"] = "client_credentials",
        ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        ["client_assertion"] = assertion,
        ["scope"] = scope,
    };

    /// <summary>Creates a hosted issuer with a unique name.</summary>
    public Task<IssuerResource> CreateIssuerAsync() =>
        Admin.CreateIssuerAsync(new CreateIssuerRequest(Unique("iss")), CancellationToken.None);

    /// <summary>Mints a workload token from a hosted issuer with the admin token.</summary>
    public Task<WorkloadTokenResponse> MintAsync(string issuer, string serviceAccount, int? lifetime = null,
        IReadOnlyList<string>? audiences = null) =>
        Admin.MintWorkloadTokenAsync(issuer, new MintWorkloadTokenRequest(serviceAccount, audiences, lifetime),
            CancellationToken.None);

    /// <summary>A port free at the moment of asking, for tests that restart a server on the same address.</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        Http.Dispose();
        await Server.DisposeAsync();
        if (_ownsFolder)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
