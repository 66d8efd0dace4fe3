using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Tessera.Agent.ManagedIdentity;
using Tessera.Client;
using Tessera.Client.Contracts;
using Tessera.Testing;

namespace Tessera.Agent.Tests.ManagedIdentity;

/// <summary>
/// The endpoint exchanging a real workload token at a real Tessera server over HTTPS, asked over loopback HTTP.
/// </summary>
public sealed class EndpointExchangeTests : IAsyncLifetime
{
    private const string Resource = "api://warehouse";
    private const string ServiceAccount = "shop/picker";

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("tessera-mi-");
    private readonly HttpClient _http = new();
    private readonly IdentityHeaderSecret _secret = IdentityHeaderSecret.New();
    private TesseraTestServer _server = null!;
    private HttpClient _tessera = null!;
    private IssuerResource _issuer = null!;
    private IdentityResource _picker = null!;
    private IdentityResource _packer = null!;
    private ManagedIdentityEndpoint _endpoint = null!;

    private string TokenFile => Path.Combine(_folder.FullName, "azure-identity-token");

    public async Task InitializeAsync()
    {
        _server = await TesseraTestServer.StartAsync();
        _issuer = await _server.CreateIssuerAsync();
        await _server.CreateResourceAsync(Resource);
        _picker = await _server.CreateIdentityAsync(_issuer.Url, "system:serviceaccount:shop:picker");
        _packer = await _server.CreateIdentityAsync(_issuer.Url, "system:serviceaccount:shop:picker");
        await WriteTokenAsync(ServiceAccount);

        var connection = new ServerConnection(new Uri(_server.BaseUrl), null, _server.Server.CaCertificatePath);
        _tessera = connection.CreateHttpClient();
        var exchanger = new FederatedExchanger(new TokenEndpointClient(_tessera), TokenFile, TimeProvider.System,
            NullLogger<FederatedExchanger>.Instance);
        ServedIdentity[] served =
        [
            new(_picker.ClientId, _picker.TenantId, _picker.PrincipalId, _picker.ResourceId),
            new(_packer.ClientId, _packer.TenantId, _packer.PrincipalId, _packer.ResourceId),
        ];
        var settings = new EndpointSettings(new IPEndPoint(IPAddress.Loopback, 0), _secret, served);
        _endpoint = await ManagedIdentityEndpoint.StartAsync(settings, exchanger, NullLoggerFactory.Instance);
    }

    public async Task DisposeAsync()
    {
        await _endpoint.DisposeAsync();
        _http.Dispose();
        _tessera.Dispose();
        await _server.DisposeAsync();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task Default_identity_gets_an_access_token_for_the_resource()
    {
        var (status, body) = await GetAsync($"resource={Resource}");

        var claims = JwtFactory.Claims(body.GetProperty("access_token").GetString()!);
        Assert.Equal(200, status);
        Assert.Equal(Resource, claims.GetProperty("aud").GetString());
        Assert.Equal(_picker.PrincipalId.ToString(), claims.GetProperty("oid").GetString());
        Assert.Equal(_picker.ClientId.ToString(), claims.GetProperty("appid").GetString());

        // Counted from before the exchange, so never later than the token's own expiry.
        var expiresOn = long.Parse(body.GetProperty("expires_on").GetString()!, CultureInfo.InvariantCulture);
        Assert.InRange(expiresOn, claims.GetProperty("exp").GetInt64() - 60, claims.GetProperty("exp").GetInt64());
    }

    [Theory]
    [InlineData("object_id")]
    [InlineData("mi_res_id")]
    public async Task Second_identity_is_selected_by_object_id_or_resource_id(string parameter)
    {
        var value = parameter == "object_id" ? _packer.PrincipalId.ToString() : _packer.ResourceId!;

        var (status, body) = await GetAsync($"resource={Resource}/.default&{parameter}={Uri.EscapeDataString(value)}");

        Assert.Equal(200, status);
        var claims = JwtFactory.Claims(body.GetProperty("access_token").GetString()!);
        Assert.Equal(_packer.PrincipalId.ToString(), claims.GetProperty("oid").GetString());
    }

    [Fact]
    public async Task Unknown_resource_is_a_400_with_tesseras_reason()
    {
        var (status, body) = await GetAsync("resource=api://nowhere");

        Assert.Equal(400, status);
        Assert.Equal("invalid_resource", body.GetProperty("error").GetString());
        Assert.StartsWith(
            $"Tessera refused to sign in {_picker.ClientId} for resource 'api://nowhere' (HTTP 400): AADSTS500011:",
            body.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_file_is_read_again_for_each_exchange()
    {
        var first = await GetAsync($"resource={Resource}");
        await WriteTokenAsync("shop/intruder");

        var cached = await GetAsync($"resource={Resource}");
        var fresh = await GetAsync($"resource={Resource}&client_id={_packer.ClientId}");

        // The cached token is served without an exchange; the next exchange sends the replaced file, which the
        // identity does not trust, so Tessera's refusal names the new subject.
        Assert.Equal(200, first.Status);
        Assert.Equal(
            first.Body.GetProperty("access_token").GetString(), cached.Body.GetProperty("access_token").GetString());
        Assert.Equal(400, fresh.Status);
        Assert.Contains("system:serviceaccount:shop:intruder", fresh.Body.GetProperty("error_description").GetString(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_token_file_is_a_503_naming_the_file()
    {
        File.Delete(TokenFile);

        var (status, body) = await GetAsync($"resource={Resource}");

        Assert.Equal(503, status);
        Assert.StartsWith($"The workload token file '{TokenFile}' could not be read",
            body.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    private async Task WriteTokenAsync(string serviceAccount)
    {
        var minted = await _server.MintAsync(_issuer.Name, serviceAccount);
        await File.WriteAllTextAsync(TokenFile, minted.Token);
    }

    private async Task<(int Status, JsonElement Body)> GetAsync(string query)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{_endpoint.Url}?api-version=2019-08-01&{query}");
        request.Headers.Add("X-IDENTITY-HEADER", _secret.Value);
        using var response = await _http.SendAsync(request);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return ((int)response.StatusCode, document.RootElement.Clone());
    }
}
