// A workload with no secret and no Tessera-specific code: DefaultAzureCredential finds everything it needs in the
// environment (AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_FEDERATED_TOKEN_FILE, AZURE_AUTHORITY_HOST), exactly as in
// an AKS pod with workload identity, or a managed identity endpoint (IDENTITY_ENDPOINT, IDENTITY_HEADER) as in App
// Service. It then calls the API named by API_URL with the token. Pass "workload-identity" to use
// WorkloadIdentityCredential directly instead of the DefaultAzureCredential chain, or "managed-identity [CLIENT_ID]"
// for ManagedIdentityCredential (system-assigned, or the user-assigned identity with that client ID).
using System.Net.Http.Headers;
using Azure.Core;
using Azure.Identity;

var scope = Environment.GetEnvironmentVariable("API_SCOPE")
    ?? throw new InvalidOperationException("Set API_SCOPE to the API's scope, for example api://orders/.default.");
var apiUrl = Environment.GetEnvironmentVariable("API_URL");

TokenCredential credential = args.FirstOrDefault() switch
{
    "workload-identity" => new WorkloadIdentityCredential(),
    "managed-identity" => new ManagedIdentityCredential(args.Length > 1
        ? ManagedIdentityId.FromUserAssignedClientId(args[1])
        : ManagedIdentityId.SystemAssigned),
    _ => new DefaultAzureCredential(),
};
AccessToken token;
try
{
    token = await credential.GetTokenAsync(new TokenRequestContext([scope]), CancellationToken.None);
}
catch (AuthenticationFailedException ex)
{
    Console.Error.WriteLine($"Sign-in failed: {ex.Message}");
    return 1;
}

Console.WriteLine($"Signed in with {credential.GetType().Name}: access token for {scope} valid until {token.ExpiresOn:u}");
if (apiUrl is null)
{
    return 0;
}

using var http = new HttpClient();
using var request = new HttpRequestMessage(HttpMethod.Get, apiUrl);
request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
using var response = await http.SendAsync(request);
var body = await response.Content.ReadAsStringAsync();
Console.WriteLine($"GET {apiUrl} -> {(int)response.StatusCode} {body}");
return response.IsSuccessStatusCode ? 0 : 2;
