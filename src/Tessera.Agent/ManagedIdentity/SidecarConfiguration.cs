using System.Net;
using Tessera.Domain.Rules;

namespace Tessera.Agent.ManagedIdentity;

/// <summary>
/// What <c>tessera agent serve-identity-endpoint</c> needs, read from the variables the Kubernetes webhook gives its
/// sidecar: the workload identity (<c>AZURE_CLIENT_ID</c>, <c>AZURE_TENANT_ID</c>), the token file the kubelet
/// keeps fresh (<c>AZURE_FEDERATED_TOKEN_FILE</c>), Tessera's URL (<c>AZURE_AUTHORITY_HOST</c>) and the secret
/// shared with the application (<c>IDENTITY_HEADER</c>).
/// </summary>
public sealed record SidecarConfiguration(
    ServedIdentity Identity, string TokenFile, Uri Authority, IdentityHeaderSecret Secret)
{
    /// <summary>Reads the variables; throws naming every one that is missing or malformed.</summary>
    public static SidecarConfiguration Read(Func<string, string?> environment)
    {
        var problems = new List<string>();
        var clientId = ReadGuid(environment, WorkloadEnvironment.ClientId, problems);
        var tenantId = ReadGuid(environment, WorkloadEnvironment.TenantId, problems);
        var tokenFile = Required(environment, WorkloadEnvironment.FederatedTokenFile, problems);
        var authority = ReadAuthority(environment, problems);
        var header = Required(environment, ManagedIdentityEnvironment.IdentityHeader, problems);
        IdentityHeaderSecret? secret = null;
        try
        {
            secret = header is null
                ? null
                : IdentityHeaderSecret.From(header, $"${ManagedIdentityEnvironment.IdentityHeader}");
        }
        catch (ArgumentException ex)
        {
            problems.Add(ex.Message);
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException(
                "The identity endpoint sidecar is configured by the variables the Tessera webhook injects: " +
                string.Join(" ", problems));
        }

        return new SidecarConfiguration(new ServedIdentity(clientId, tenantId), tokenFile!, authority!, secret!);
    }

    /// <summary>Settings for an endpoint on <paramref name="listen"/> serving this identity.</summary>
    public EndpointSettings Settings(IPEndPoint listen) => new(listen, Secret, [Identity])
    {
        // A pod's loopback belongs to the pod alone, as a VM's IMDS belongs to the VM.
        OpenImds = true,
    };

    private static string? Required(Func<string, string?> environment, string name, List<string> problems)
    {
        var value = environment(name);
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add($"${name} is not set.");
            return null;
        }

        return value;
    }

    private static Guid ReadGuid(Func<string, string?> environment, string name, List<string> problems)
    {
        var value = Required(environment, name, problems);
        if (value is null)
        {
            return Guid.Empty;
        }

        if (Guid.TryParse(value, out var id))
        {
            return id;
        }

        problems.Add($"${name} is '{Printable.Quote(value)}'; expected a GUID.");
        return Guid.Empty;
    }

    private static Uri? ReadAuthority(Func<string, string?> environment, List<string> problems)
    {
        var value = Required(environment, WorkloadEnvironment.AuthorityHost, problems);
        if (value is null)
        {
            return null;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            problems.Add($"${WorkloadEnvironment.AuthorityHost} is '{Printable.Quote(value)}'; expected " +
                "Tessera's https URL, for example https://tessera.tessera.svc/.");
            return null;
        }

        return new Uri(uri.GetLeftPart(UriPartial.Authority) + "/");
    }
}
