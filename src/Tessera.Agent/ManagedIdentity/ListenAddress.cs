using System.Net;

namespace Tessera.Agent.ManagedIdentity;

/// <summary>Where the endpoint listens: always a loopback address, since it speaks plain HTTP.</summary>
public static class ListenAddress
{
    /// <summary>Reads <c>127.0.0.1:PORT</c> or <c>[::1]:PORT</c>; throws, naming the value, for others.</summary>
    public static IPEndPoint Parse(string text)
    {
        if (!IPEndPoint.TryParse(text, out var endpoint) || !text.Contains(':', StringComparison.Ordinal)
            || endpoint.Port is < 1 or > 65535)
        {
            throw new ArgumentException(
                $"The listen address '{text}' is not IP:PORT; expected a loopback address and a port from 1 to " +
                "65535, for example 127.0.0.1:8000.");
        }

        return IPAddress.IsLoopback(endpoint.Address)
            ? endpoint
            : throw new ArgumentException(
                $"The listen address '{text}' is not a loopback address; the identity endpoint speaks plain HTTP " +
                "and hands out tokens, so it listens only on 127.0.0.1 or [::1].");
    }
}
