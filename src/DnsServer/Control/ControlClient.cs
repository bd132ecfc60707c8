using System.Net.Sockets;
using System.Text;

namespace DnsServer.Control;

/// <summary>Sends one command to a running server's control socket and returns its reply.</summary>
internal static class ControlClient
{
    public static async Task<(bool Ok, string Reply)> SendAsync(string dataDirectory, string command, CancellationToken cancellationToken)
    {
        var path = ControlPath.In(dataDirectory).Value;
        if (!File.Exists(path))
        {
            return (false, $"no running server found ({path} does not exist)\n");
        }

        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
            await socket.SendAsync(Encoding.UTF8.GetBytes(command + "\n"), cancellationToken).ConfigureAwait(false);
            using var reader = new StreamReader(new NetworkStream(socket, ownsSocket: false), Encoding.UTF8);
            string reply = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            return (!reply.StartsWith("error:", StringComparison.Ordinal), reply);
        }
        catch (SocketException exception)
        {
            return (false, $"cannot reach the server at {path}: {exception.Message}\n");
        }
    }
}
