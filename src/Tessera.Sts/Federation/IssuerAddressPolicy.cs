using System.Net;
using System.Net.Sockets;
using Tessera.Domain.Hosting;

namespace Tessera.Sts.Federation;

/// <summary>
/// Which addresses the STS may connect to when fetching an issuer's discovery document and keys. Loopback,
/// private, link-local, carrier-grade NAT, cloud metadata and other special ranges are refused, so a federated
/// credential naming an internal URL cannot turn Tessera into a proxy into its own network. The check runs at
/// connect time on the resolved address, so DNS rebinding gains nothing. Networks can be allowed explicitly
/// (private clusters, tests), and this server's own origin is always allowed, since its hosted issuers are
/// fetched through the same path as any other.
/// </summary>
public sealed class IssuerAddressPolicy(IReadOnlyList<IPNetwork> allowedNetworks, ServerOrigin origin)
{
    private static readonly (IPNetwork Network, string Kind)[] s_refused =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "an unspecified address"),
        (IPNetwork.Parse("10.0.0.0/8"), "a private address"),
        (IPNetwork.Parse("100.64.0.0/10"), "a carrier-grade NAT address"),
        (IPNetwork.Parse("127.0.0.0/8"), "a loopback address"),
        (IPNetwork.Parse("169.254.0.0/16"), "a link-local address (where cloud metadata services live)"),
        (IPNetwork.Parse("168.63.129.16/32"), "a cloud platform address"),
        (IPNetwork.Parse("172.16.0.0/12"), "a private address"),
        (IPNetwork.Parse("192.0.0.0/24"), "an IETF protocol address"),
        (IPNetwork.Parse("192.168.0.0/16"), "a private address"),
        (IPNetwork.Parse("198.18.0.0/15"), "a benchmarking address"),
        (IPNetwork.Parse("224.0.0.0/4"), "a multicast address"),
        (IPNetwork.Parse("240.0.0.0/4"), "a reserved address"),
        (IPNetwork.Parse("::/128"), "an unspecified address"),
        (IPNetwork.Parse("::1/128"), "a loopback address"),
        (IPNetwork.Parse("fc00::/7"), "a private (unique local) address"),
        (IPNetwork.Parse("fe80::/10"), "a link-local address"),
        (IPNetwork.Parse("ff00::/8"), "a multicast address"),
    ];

    private static readonly IPNetwork s_nat64 = IPNetwork.Parse("64:ff9b::/96");

    public IReadOnlyList<IPNetwork> AllowedNetworks { get; } = allowedNetworks;

    /// <summary>Why connecting to <paramref name="address"/> for <paramref name="host"/>:<paramref name="port"/>
    /// is refused, or null when it is allowed.</summary>
    public string? Refusal(string host, int port, IPAddress address)
    {
        if (IsOwnOrigin(host, port) || AllowedNetworks.Any(n => n.Contains(address)))
        {
            return null;
        }

        var kind = Classify(address);
        return kind is null
            ? null
            : $"{address} is {kind}; allow it explicitly (--allow-issuer-network) if this issuer is meant to be private";
    }

    /// <summary>What kind of special address <paramref name="address"/> is, or null for a public address.</summary>
    public static string? Classify(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        else if (address.AddressFamily == AddressFamily.InterNetworkV6 && s_nat64.Contains(address))
        {
            // NAT64 embeds an IPv4 address in the last 32 bits; judge that address.
            address = new IPAddress(address.GetAddressBytes()[12..]);
        }

        return s_refused.FirstOrDefault(r => r.Network.BaseAddress.AddressFamily == address.AddressFamily
            && r.Network.Contains(address)).Kind;
    }

    private bool IsOwnOrigin(string host, int port)
    {
        if (!origin.IsSet)
        {
            return false;
        }

        var own = new Uri(origin.BaseUrl);
        return own.Port == port && string.Equals(own.IdnHost, host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase);
    }
}
