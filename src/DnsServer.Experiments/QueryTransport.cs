using System.Net;
using System.Net.Sockets;
using DnsServer.Protocol;
using DnsServer.Protocol.Records;

namespace DnsServer.Experiments;

/// <summary>
/// The clients' UDP traffic over a few shared sockets: a query goes out on the client's socket
/// (client mod sockets) with a fresh ID; a response is matched by socket (its port), ID and
/// sender. One receive loop per socket.
/// </summary>
internal sealed class QueryTransport : IDisposable
{
    private readonly Socket[] _sockets;
    private readonly int[][] _clientById;
    private readonly int[] _idOf;
    private readonly ushort[] _nextId;
    private readonly IPEndPoint _destination;
    private readonly byte[] _query;
    private readonly RecordType _type;
    private readonly Dictionary<string, string> _addresses = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public QueryTransport(IPEndPoint destination, DnsName name, RecordType type, bool recursionDesired, int clients, int sockets)
    {
        _destination = destination;
        _type = type;
        _sockets = new Socket[Math.Min(sockets, clients)];
        _clientById = new int[_sockets.Length][];
        _nextId = new ushort[_sockets.Length];
        _idOf = new int[clients];
        Array.Fill(_idOf, -1);
        var random = new Random();
        for (int i = 0; i < _sockets.Length; i++)
        {
            _sockets[i] = new Socket(destination.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            _sockets[i].Bind(new IPEndPoint(destination.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0));
            _clientById[i] = new int[65536];
            _nextId[i] = (ushort)random.Next(65536);
        }

        var query = new DnsMessage
        {
            Flags = recursionDesired ? DnsHeader.RDFlag : (ushort)0,
            Questions = [new DnsQuestion(name, type)],
        };
        _query = query.ToArray();
    }

    /// <summary>A response for a client: the first address of the answer (null when none) and its TTL.</summary>
    public event Action<int, string?, uint>? Response;

    public long Sent { get; private set; }

    public long Unmatched { get; private set; }

    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_sockets.Select((_, i) => ReceiveAsync(i, cancellationToken)));

    public void Send(int client)
    {
        int socketIndex = client % _sockets.Length;
        var buffer = (byte[])_query.Clone();
        lock (_lock)
        {
            var map = _clientById[socketIndex];
            if (_idOf[client] >= 0 && map[_idOf[client]] == client + 1)
            {
                map[_idOf[client]] = 0;
            }

            ushort id = _nextId[socketIndex];
            for (int tries = 0; map[id] != 0 && tries < 65536; tries++)
            {
                id++;
            }

            _nextId[socketIndex] = (ushort)(id + 1);
            map[id] = client + 1;
            _idOf[client] = id;
            buffer[0] = (byte)(id >> 8);
            buffer[1] = (byte)id;
            Sent++;
        }

        try
        {
            _sockets[socketIndex].SendTo(buffer, _destination);
        }
        catch (SocketException)
        {
            // An ICMP error from an earlier send; the client times out and asks again.
        }
    }

    public void Dispose()
    {
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }
    }

    private async Task ReceiveAsync(int socketIndex, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        EndPoint any = new IPEndPoint(_destination.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _sockets[socketIndex].ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                continue;
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }

            Deliver(socketIndex, buffer.AsSpan(0, received.ReceivedBytes), received.RemoteEndPoint);
        }
    }

    private void Deliver(int socketIndex, ReadOnlySpan<byte> packet, EndPoint from)
    {
        if (packet.Length < DnsHeader.Size || !from.Equals(_destination))
        {
            Unmatched++;
            return;
        }

        int id = (packet[0] << 8) | packet[1];
        int client;
        lock (_lock)
        {
            client = _clientById[socketIndex][id] - 1;
            if (client < 0)
            {
                Unmatched++;
                return;
            }

            _clientById[socketIndex][id] = 0;
            _idOf[client] = -1;
        }

        var (address, ttl) = FirstAddress(packet);
        Response?.Invoke(client, address, ttl);
    }

    private (string? Address, uint Ttl) FirstAddress(ReadOnlySpan<byte> packet)
    {
        DnsMessage message;
        try
        {
            message = DnsMessage.Parse(packet);
        }
        catch (DnsFormatException)
        {
            return (null, 0);
        }

        foreach (var record in message.Answers)
        {
            string? text = record.Data switch
            {
                ARData a when _type == RecordType.A => a.Address.ToString(),
                AaaaRData aaaa when _type == RecordType.AAAA => aaaa.Address.ToString(),
                _ => null,
            };
            if (text is not null)
            {
                lock (_addresses)
                {
                    if (!_addresses.TryGetValue(text, out var interned))
                    {
                        _addresses[text] = interned = text;
                    }

                    return (interned, record.Ttl);
                }
            }
        }

        return (null, 0);
    }
}
