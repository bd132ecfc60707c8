using System.Net;
using System.Net.Sockets;

namespace DnsServer.Integration.Tests.Infrastructure;

/// <summary>Finds a port that is free for both UDP and TCP on one loopback address.</summary>
internal static class FreePort
{
    public static int Pick(IPAddress address)
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            using var tcp = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(address, 0));
            int port = ((IPEndPoint)tcp.LocalEndPoint!).Port;
            using var udp = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                udp.Bind(new IPEndPoint(address, port));
                return port;
            }
            catch (SocketException)
            {
                // Taken for UDP only; try another.
            }
        }

        throw new InvalidOperationException($"no port free for both UDP and TCP on {address}");
    }
}
