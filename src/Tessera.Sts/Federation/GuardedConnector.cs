using System.Net;
using System.Net.Sockets;

namespace Tessera.Sts.Federation;

/// <summary>
/// Opens the TCP connections of issuer fetches: resolves the host, drops every address the
/// <see cref="IssuerAddressPolicy"/> refuses, and connects only to the rest.
/// </summary>
public sealed class GuardedConnector(IssuerAddressPolicy policy)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var port = context.DnsEndPoint.Port;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);

        var refusals = new List<string>();
        var allowed = new List<IPAddress>();
        foreach (var address in addresses)
        {
            if (policy.Refusal(host, port, address) is { } refusal)
            {
                refusals.Add(refusal);
            }
            else
            {
                allowed.Add(address);
            }
        }

        if (allowed.Count == 0)
        {
            throw new HttpRequestException(refusals.Count == 0
                ? $"{host} resolves to no address"
                : $"connecting to {host} was refused: {string.Join("; ", refusals.Distinct())}");
        }

        var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp)
        {
            DualMode = true,
            NoDelay = true,
        };
        try
        {
            await socket.ConnectAsync([.. allowed.Select(a => a.AddressFamily == AddressFamily.InterNetwork ? a.MapToIPv6() : a)],
                port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
