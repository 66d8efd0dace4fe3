namespace Tessera.Agent.ManagedIdentity;

/// <summary>
/// The variables that lead the Azure SDKs' managed identity credential (and so <c>DefaultAzureCredential</c>) to the
/// endpoint, with no code change: the App Service protocol, which every current SDK checks before IMDS.
/// </summary>
public static class ManagedIdentityEnvironment
{
    public const string IdentityEndpoint = "IDENTITY_ENDPOINT";
    public const string IdentityHeader = "IDENTITY_HEADER";

    /// <summary>
    /// Workload identity variables a program must not inherit next to the endpoint: with a token file set,
    /// <c>DefaultAzureCredential</c> would use workload identity before it reached managed identity.
    /// </summary>
    public static readonly string[] Displaced =
    [
        WorkloadEnvironment.ClientId, WorkloadEnvironment.TenantId, WorkloadEnvironment.FederatedTokenFile,
        WorkloadEnvironment.AuthorityHost,
    ];

    public static Dictionary<string, string> For(ManagedIdentityEndpoint endpoint, IdentityHeaderSecret secret) => new()
    {
        [IdentityEndpoint] = endpoint.Url.ToString(),
        [IdentityHeader] = secret.Value,
    };

    /// <summary>The secret from <c>IDENTITY_HEADER</c> when set, else a new random one.</summary>
    public static IdentityHeaderSecret SecretFrom(Func<string, string?> environment) =>
        environment(IdentityHeader) is { Length: > 0 } given
            ? IdentityHeaderSecret.From(given, $"${IdentityHeader}")
            : IdentityHeaderSecret.New();
}
