using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Tessera.Client.Contracts;

namespace Tessera.Client;

/// <summary>A typed client for Tessera's admin API and mint endpoint.</summary>
public sealed class TesseraAdminClient : IDisposable
{
    private static readonly JsonSerializerOptions s_json = JsonSerializerOptions.Web;
    private readonly HttpClient _http;
    private readonly string? _credentialSource;

    /// <param name="credentialSource">Where the bearer token came from, named when the server refuses it.</param>
    public TesseraAdminClient(HttpClient http, string bearerToken, string? credentialSource = null)
    {
        _http = http;
        _credentialSource = credentialSource;
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
    }

    public Uri Server => _http.BaseAddress!;

    public static TesseraAdminClient Connect(ServerConnection connection) =>
        new(connection.CreateHttpClient(), connection.RequireAdminToken(), connection.AdminTokenSource);

    public Task<ServerDescription> GetServerAsync(CancellationToken ct) => GetAsync<ServerDescription>("admin/server", ct);

    public Task<List<TenantResource>> ListTenantsAsync(CancellationToken ct) => GetAsync<List<TenantResource>>("admin/tenants", ct);

    public Task<TenantResource> CreateTenantAsync(CreateTenantRequest request, CancellationToken ct) =>
        PostAsync<TenantResource>("admin/tenants", request, ct);

    public Task<List<IdentityResource>> ListIdentitiesAsync(string? tenant, CancellationToken ct) =>
        GetAsync<List<IdentityResource>>("admin/identities" + TenantQuery(tenant), ct);

    public Task<IdentityResource> GetIdentityAsync(string identity, string? tenant, CancellationToken ct) =>
        GetAsync<IdentityResource>($"admin/identities/{Escape(identity)}{TenantQuery(tenant)}", ct);

    public Task<IdentityResource> CreateIdentityAsync(CreateIdentityRequest request, CancellationToken ct) =>
        PostAsync<IdentityResource>("admin/identities", request, ct);

    public Task DeleteIdentityAsync(string identity, string? tenant, CancellationToken ct) =>
        DeleteAsync($"admin/identities/{Escape(identity)}{TenantQuery(tenant)}", ct);

    public Task<List<FederatedCredentialResource>> ListCredentialsAsync(string identity, string? tenant, CancellationToken ct) =>
        GetAsync<List<FederatedCredentialResource>>(
            $"admin/identities/{Escape(identity)}/federated-credentials{TenantQuery(tenant)}", ct);

    public Task<FederatedCredentialResource> CreateCredentialAsync(
        string identity, string? tenant, CreateFederatedCredentialRequest request, CancellationToken ct) =>
        PostAsync<FederatedCredentialResource>(
            $"admin/identities/{Escape(identity)}/federated-credentials{TenantQuery(tenant)}", request, ct);

    public Task DeleteCredentialAsync(string identity, string name, string? tenant, CancellationToken ct) =>
        DeleteAsync($"admin/identities/{Escape(identity)}/federated-credentials/{Escape(name)}{TenantQuery(tenant)}", ct);

    public Task<List<IssuerResource>> ListIssuersAsync(CancellationToken ct) => GetAsync<List<IssuerResource>>("admin/issuers", ct);

    public Task<IssuerResource> GetIssuerAsync(string name, CancellationToken ct) =>
        GetAsync<IssuerResource>($"admin/issuers/{Escape(name)}", ct);

    public Task<IssuerResource> CreateIssuerAsync(CreateIssuerRequest request, CancellationToken ct) =>
        PostAsync<IssuerResource>("admin/issuers", request, ct);

    public Task<List<AgentCredentialResource>> ListAgentCredentialsAsync(string issuer, CancellationToken ct) =>
        GetAsync<List<AgentCredentialResource>>($"admin/issuers/{Escape(issuer)}/agent-credentials", ct);

    public Task<AgentCredentialResource> CreateAgentCredentialAsync(
        string issuer, CreateAgentCredentialRequest request, CancellationToken ct) =>
        PostAsync<AgentCredentialResource>($"admin/issuers/{Escape(issuer)}/agent-credentials", request, ct);

    public Task DeleteAgentCredentialAsync(string issuer, Guid id, CancellationToken ct) =>
        DeleteAsync($"admin/issuers/{Escape(issuer)}/agent-credentials/{id}", ct);

    /// <summary>Reads the sign-in log; each filter is optional.</summary>
    public Task<List<SignInResource>> ListSignInsAsync(string? identity, string? outcome, int? code,
        DateTimeOffset? from, DateTimeOffset? to, int? limit, CancellationToken ct, string? tenant = null)
    {
        var query = new List<string>();
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                query.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }

        Add("identity", identity);
        Add("tenant", tenant);
        Add("outcome", outcome);
        Add("code", code?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add("from", from?.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Add("to", to?.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Add("limit", limit?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return GetAsync<List<SignInResource>>("admin/sign-ins" + (query.Count == 0 ? "" : "?" + string.Join('&', query)), ct);
    }

    public Task<List<SigningKeyResource>> ListKeysAsync(CancellationToken ct) => GetAsync<List<SigningKeyResource>>("admin/keys", ct);

    public Task<List<RotationResultResource>> RotateKeysAsync(RotateKeysRequest request, CancellationToken ct) =>
        PostAsync<List<RotationResultResource>>("admin/keys/rotate", request, ct);

    public Task<List<StaticKeySetResource>> ListStaticKeySetsAsync(CancellationToken ct) =>
        GetAsync<List<StaticKeySetResource>>("admin/static-key-sets", ct);

    public Task<StaticKeySetResource> SetStaticKeySetAsync(SetStaticKeySetRequest request, CancellationToken ct) =>
        SendJsonAsync<StaticKeySetResource>(HttpMethod.Put, "admin/static-key-sets", request, ct);

    public Task DeleteStaticKeySetAsync(string issuer, CancellationToken ct) =>
        DeleteAsync($"admin/static-key-sets?issuer={Uri.EscapeDataString(issuer)}", ct);

    public Task<List<TrustedIssuerResource>> ListTrustedIssuersAsync(CancellationToken ct) =>
        GetAsync<List<TrustedIssuerResource>>("admin/trusted-issuers", ct);

    public Task<TrustedIssuerResource> SetTrustedIssuerAsync(SetTrustedIssuerRequest request, CancellationToken ct) =>
        SendJsonAsync<TrustedIssuerResource>(HttpMethod.Put, "admin/trusted-issuers", request, ct);

    public Task DeleteTrustedIssuerAsync(string issuer, CancellationToken ct) =>
        DeleteAsync($"admin/trusted-issuers?issuer={Uri.EscapeDataString(issuer)}", ct);

    public Task<List<RoleAssignmentResource>> ListRoleAssignmentsAsync(
        string? tenant, string? principal, string? resource, CancellationToken ct) =>
        GetAsync<List<RoleAssignmentResource>>("admin/role-assignments" + Query(
            ("tenant", tenant), ("principal", principal), ("resource", resource)), ct);

    public Task<RoleAssignmentResource> CreateRoleAssignmentAsync(
        CreateRoleAssignmentRequest request, CancellationToken ct) =>
        PostAsync<RoleAssignmentResource>("admin/role-assignments", request, ct);

    public Task DeleteRoleAssignmentAsync(Guid id, CancellationToken ct) =>
        DeleteAsync($"admin/role-assignments/{id}", ct);

    public Task<AppRolesResource> SetAppRolesAsync(
        string identity, string? tenant, AppRolesResource roles, CancellationToken ct) =>
        SendJsonAsync<AppRolesResource>(
            HttpMethod.Put, $"admin/identities/{Escape(identity)}/app-roles{TenantQuery(tenant)}", roles, ct);

    /// <summary>Reads the audit log; each filter is optional.</summary>
    public Task<List<AuditResource>> ListAuditAsync(string? tenant, string? actor, string? action, DateTimeOffset? from,
        DateTimeOffset? to, int? limit, CancellationToken ct) =>
        GetAsync<List<AuditResource>>("admin/audit" + Query(("tenant", tenant), ("actor", actor), ("action", action),
            ("from", from?.ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
            ("to", to?.ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
            ("limit", limit?.ToString(System.Globalization.CultureInfo.InvariantCulture))), ct);

    /// <summary>Replaces the admin token; the answer holds the new one.</summary>
    public Task<AdminTokenResource> RotateAdminTokenAsync(CancellationToken ct) =>
        PostAsync<AdminTokenResource>("admin/admin-token", new { }, ct);

    public Task<ExplanationResource> ExplainAsync(ExplainRequest request, CancellationToken ct) =>
        PostAsync<ExplanationResource>("admin/explain", request, ct);

    public Task<WorkloadTokenResponse> MintWorkloadTokenAsync(string issuer, MintWorkloadTokenRequest request, CancellationToken ct) =>
        PostAsync<WorkloadTokenResponse>($"issuers/{Escape(issuer)}/token", request, ct);

    public void Dispose() => _http.Dispose();

    private async Task<T> GetAsync<T>(string path, CancellationToken ct)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, path), ct);
        return await ReadAsync<T>(response, ct);
    }

    private Task<T> PostAsync<T>(string path, object body, CancellationToken ct) =>
        SendJsonAsync<T>(HttpMethod.Post, path, body, ct);

    private async Task<T> SendJsonAsync<T>(HttpMethod method, string path, object body, CancellationToken ct)
    {
        var request = new HttpRequestMessage(method, path)
        {
            Content = JsonContent.Create(body, body.GetType(), options: s_json),
        };
        using var response = await SendAsync(request, ct);
        return await ReadAsync<T>(response, ct);
    }

    private async Task DeleteAsync(string path, CancellationToken ct)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Delete, path), ct);
        await ReadAsync<object?>(response, ct, expectBody: false);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        using (request)
        {
            try
            {
                return await _http.SendAsync(request, ct);
            }
            catch (HttpRequestException ex)
            {
                throw new TesseraClientException(
                    $"Could not reach Tessera at {_http.BaseAddress}: {ex.Message}. Is 'tessera serve' running, and is " +
                    "its CA trusted (--data DIR or TESSERA_CA_FILE)?");
            }
        }
    }

    private async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken ct, bool expectBody = true)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw await ToExceptionAsync(response, ct);
        }

        if (!expectBody || response.StatusCode == HttpStatusCode.NoContent)
        {
            return default!;
        }

        return await response.Content.ReadFromJsonAsync<T>(s_json, ct)
            ?? throw new TesseraClientException($"Tessera answered {(int)response.StatusCode} with an empty body.");
    }

    private async Task<TesseraClientException> ToExceptionAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        ProblemResponse? problem = null;
        try
        {
            problem = JsonSerializer.Deserialize<ProblemResponse>(body, s_json);
        }
        catch (JsonException)
        {
            // Not a problem document; the status code alone is reported.
        }

        var status = (int)response.StatusCode;
        var detail = problem?.Detail is { Length: > 0 } d ? d : $"Tessera answered HTTP {status}.";
        if (status == 401 && _credentialSource is not null && !IsAdminToken())
        {
            detail = $"The server refused the access token from {_credentialSource}: {detail} Request a fresh one " +
                "for the scope api://tessera-admin/.default.";
        }
        else if (status == 401 && _credentialSource is not null)
        {
            detail = $"The server refused the credential from {_credentialSource}: it belongs to another installation or " +
                "was replaced. Point --data at this server's data folder, or reset the admin token with " +
                "'tessera admin reset-token --data DIR' on the server's machine.";
        }
        return new TesseraClientException(detail, problem, status);
    }

    private bool IsAdminToken() =>
        _http.DefaultRequestHeaders.Authorization?.Parameter?.StartsWith("tsa_", StringComparison.Ordinal) == true;

    private static string TenantQuery(string? tenant) => string.IsNullOrEmpty(tenant) ? "" : "?tenant=" + Uri.EscapeDataString(tenant);

    private static string Query(params (string Name, string? Value)[] parameters)
    {
        var present = parameters.Where(p => p.Value is not null)
            .Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return present.Count == 0 ? "" : "?" + string.Join('&', present);
    }

    private static string Escape(string segment) => Uri.EscapeDataString(segment);
}
