using System.Text.Json;

namespace Tessera.Client;

/// <summary>The STS's answer to a token request: the JSON as received and whether it was a success.</summary>
public sealed record TokenEndpointResponse(int Status, JsonElement Body)
{
    public bool Succeeded => Status == 200;

    public string? AccessToken => Body.TryGetProperty("access_token", out var token) ? token.GetString() : null;

    public string? ErrorDescription =>
        Body.TryGetProperty("error_description", out var description) ? description.GetString() : null;

    public string? Error => Body.TryGetProperty("error", out var error) ? error.GetString() : null;

    /// <summary>The token's lifetime, <c>expires_in</c>; null when absent or not a whole number of seconds.</summary>
    public TimeSpan? ExpiresIn => Seconds("expires_in");

    /// <summary>When the STS advises fetching a new token, <c>refresh_in</c> (sent for long-lived tokens).</summary>
    public TimeSpan? RefreshIn => Seconds("refresh_in");

    private TimeSpan? Seconds(string name) =>
        Body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            && value.TryGetInt64(out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;
}

/// <summary>
/// Sends a client-credentials request with a client assertion, exactly as the Azure SDKs do, to the v2 token
/// endpoint of a tenant.
/// </summary>
public sealed class TokenEndpointClient(HttpClient http)
{
    public async Task<TokenEndpointResponse> RequestAsync(
        Guid tenantId, Guid clientId, string scope, string assertion, CancellationToken cancellationToken)
    {
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = clientId.ToString(),
            ["grant_type"] = "client_credentials",
            ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ["client_assertion"] = assertion,
            ["scope"] = scope,
        });
        using var response = await http.PostAsync($"{tenantId}/oauth2/v2.0/token", form, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var document = JsonDocument.Parse(body);
            return new TokenEndpointResponse((int)response.StatusCode, document.RootElement.Clone());
        }
        catch (JsonException)
        {
            throw new TesseraClientException(
                $"The token endpoint answered HTTP {(int)response.StatusCode} without JSON; is {http.BaseAddress} Tessera?");
        }
    }
}
