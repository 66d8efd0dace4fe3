namespace Tessera.Webhook.Mutation;

/// <summary>Names and paths of what the webhook injects: Azure's webhook's, so workloads move unchanged.</summary>
public static class InjectedNames
{
    public const string ClientIdVariable = "AZURE_CLIENT_ID";
    public const string TenantIdVariable = "AZURE_TENANT_ID";
    public const string TokenFileVariable = "AZURE_FEDERATED_TOKEN_FILE";
    public const string AuthorityHostVariable = "AZURE_AUTHORITY_HOST";
    public const string IdentityEndpointVariable = "IDENTITY_ENDPOINT";
    public const string IdentityHeaderVariable = "IDENTITY_HEADER";
    public const string CertificateFileVariable = "SSL_CERT_FILE";
    public const string NodeCertificatesVariable = "NODE_EXTRA_CA_CERTS";

    /// <summary>The projected volume holding the workload token, and the token file's name inside it.</summary>
    public const string TokenVolume = "azure-identity-token";

    public const string TokenMountPath = "/var/run/secrets/azure/tokens";

    public const string TokenFile = TokenMountPath + "/" + TokenVolume;

    /// <summary>The audience of the projected workload token, which federated credentials expect.</summary>
    public const string TokenAudience = "api://AzureADTokenExchange";

    /// <summary>The volume holding Tessera's CA from a ConfigMap, and where it is mounted.</summary>
    public const string CaVolume = "tessera-ca";

    public const string CaMountPath = "/var/run/secrets/tessera/ca";

    /// <summary>The key the CA ConfigMap must hold, and so the file name under <see cref="CaMountPath"/>.</summary>
    public const string CaKey = "ca.crt";

    public const string CaFile = CaMountPath + "/" + CaKey;

    /// <summary>The native sidecar (init container, <c>restartPolicy: Always</c>) running Tessera's agent.</summary>
    public const string AgentContainer = "tessera-identity-agent";
}
