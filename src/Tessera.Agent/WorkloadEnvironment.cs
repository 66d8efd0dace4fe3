namespace Tessera.Agent;

/// <summary>
/// The environment variables that make Azure SDKs use workload identity against Tessera with no code change.
/// </summary>
public static class WorkloadEnvironment
{
    public const string ClientId = "AZURE_CLIENT_ID";
    public const string TenantId = "AZURE_TENANT_ID";
    public const string FederatedTokenFile = "AZURE_FEDERATED_TOKEN_FILE";
    public const string AuthorityHost = "AZURE_AUTHORITY_HOST";

    public static Dictionary<string, string> For(Guid clientId, Guid tenantId, string tokenFile, Uri authorityHost) => new()
    {
        [ClientId] = clientId.ToString(),
        [TenantId] = tenantId.ToString(),
        [FederatedTokenFile] = tokenFile,
        [AuthorityHost] = authorityHost.GetLeftPart(UriPartial.Authority) + "/",
    };
}
