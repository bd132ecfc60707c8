using System.Net;

namespace DnsServer.Experiments;

/// <summary>Parses <c>ADDRESS</c>, <c>ADDRESS:PORT</c> and <c>[IPv6]:PORT</c>.</summary>
internal static class Endpoints
{
    public static bool TryParse(string? text, int defaultPort, out IPEndPoint? endpoint)
    {
        endpoint = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (IPAddress.TryParse(text, out var address) && !text.Contains("]:", StringComparison.Ordinal)
            && (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 || !text.Contains(':', StringComparison.Ordinal)))
        {
            endpoint = new IPEndPoint(address, defaultPort);
            return true;
        }

        return IPEndPoint.TryParse(text, out endpoint);
    }

    public static IPEndPoint Parse(string text, int defaultPort) =>
        TryParse(text, defaultPort, out var endpoint) ? endpoint! : throw new ExperimentException($"'{text}' is not ADDRESS:PORT");
}
