using System.Net.Sockets;
using System.Text;

namespace DnsServer.Experiments;

/// <summary>
/// The server's control socket: one line in, the text reply out; a reply that starts with
/// <c>error:</c> is a failure.
/// </summary>
internal sealed class ControlChannel(string socketPath)
{
    public string SocketPath { get; } = socketPath;

    public static ControlChannel For(ExperimentSpec spec, string? dataDirectory) =>
        new(Path.GetFullPath(spec.ControlSocket ?? Path.Combine(dataDirectory ?? "data", "control.sock")));

    public async Task<string> SendAsync(string command, CancellationToken cancellationToken)
    {
        if (!File.Exists(SocketPath))
        {
            throw new ExperimentException($"no control socket at {SocketPath} (is the server running? give --data or ControlSocket)");
        }

        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath), timeout.Token).ConfigureAwait(false);
            await socket.SendAsync(Encoding.UTF8.GetBytes(command + "\n"), timeout.Token).ConfigureAwait(false);
            using var reader = new StreamReader(new NetworkStream(socket, ownsSocket: false), Encoding.UTF8);
            string reply = await reader.ReadToEndAsync(timeout.Token).ConfigureAwait(false);
            if (reply.StartsWith("error:", StringComparison.Ordinal))
            {
                throw new ExperimentException($"'{command}': {reply.Trim()}");
            }

            return reply;
        }
        catch (SocketException exception)
        {
            throw new ExperimentException($"cannot reach the server at {SocketPath}: {exception.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ExperimentException($"'{command}': no reply from {SocketPath} within 5 s");
        }
    }
}
