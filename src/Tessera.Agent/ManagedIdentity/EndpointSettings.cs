using System.Net;

namespace Tessera.Agent.ManagedIdentity;

/// <summary>What a managed identity endpoint serves, and where.</summary>
/// <param name="Listen">A loopback address; port 0 takes a free port.</param>
/// <param name="Identities">The identities served; the first answers requests that name none.</param>
public sealed record EndpointSettings(
    IPEndPoint Listen, IdentityHeaderSecret Secret, IReadOnlyList<ServedIdentity> Identities)
{
    /// <summary>
    /// Serve IMDS-style requests without the identity header secret, as Azure's IMDS does. Safe only where the
    /// loopback interface belongs to one workload (a pod's network namespace), never on a shared machine.
    /// </summary>
    public bool OpenImds { get; init; }

    /// <summary>The problems with these settings, each naming the value; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!IPAddress.IsLoopback(Listen.Address))
        {
            problems.Add($"The endpoint must listen on a loopback address, not {Listen}.");
        }

        if (Identities.Count == 0)
        {
            problems.Add("The endpoint needs at least one identity to serve.");
        }

        var repeated = Identities.GroupBy(i => i.ClientId).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (repeated.Count > 0)
        {
            problems.Add($"The identity {string.Join(", ", repeated)} is given more than once.");
        }

        return problems;
    }
}
