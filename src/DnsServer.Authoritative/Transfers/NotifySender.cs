using System.Net;
using System.Net.Sockets;
using DnsServer.Protocol;
using DnsServer.Protocol.Records;
using DnsServer.Protocol.Tsig;
using Microsoft.Extensions.Logging;

namespace DnsServer.Authoritative.Transfers;

/// <summary>
/// Sends NOTIFY (RFC 1996 §3.6) over UDP to a zone's secondaries: the zone's SOA in the answer
/// section, signed when a key is configured, repeated until a NOERROR reply with our ID comes back
/// or the attempts run out.
/// </summary>
internal sealed class NotifySender(TransferOptions options, TimeProvider time, ILogger logger)
{
    public Task NotifyAsync(DnsName zone, ResourceRecord soa, IReadOnlyList<IPEndPoint> targets, TsigKey? key, CancellationToken cancellationToken) =>
        Task.WhenAll(targets.Select(t => NotifyOneAsync(zone, soa, t, key, cancellationToken)));

    private async Task NotifyOneAsync(DnsName zone, ResourceRecord soa, IPEndPoint target, TsigKey? key, CancellationToken cancellationToken)
    {
        using var socket = new Socket(target.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        var reply = new byte[TransferWriter.MaxMessage];
        for (int attempt = 1; attempt <= options.NotifyAttempts; attempt++)
        {
            ushort id = (ushort)SecureRandom.GetInt32(ushort.MaxValue + 1);
            var message = Build(zone, soa, id, key);
            try
            {
                await socket.SendToAsync(message, SocketFlags.None, target, cancellationToken).ConfigureAwait(false);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                wait.CancelAfter(options.NotifyInterval);
                if (await AwaitReplyAsync(socket, reply, id, wait.Token).ConfigureAwait(false))
                {
                    Log.NotifyAcknowledged(logger, zone.ToString(), ((SoaRData)soa.Data).Serial, target.ToString(), attempt);
                    return;
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
            catch (SocketException)
            {
                await Task.Delay(options.NotifyInterval, time, cancellationToken).ConfigureAwait(false);
            }
        }

        Log.NotifyUnanswered(logger, zone.ToString(), target.ToString(), options.NotifyAttempts);
    }

    private static async Task<bool> AwaitReplyAsync(Socket socket, byte[] reply, ushort id, CancellationToken cancellationToken)
    {
        while (true)
        {
            var received = await socket.ReceiveFromAsync(reply, SocketFlags.None, new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0), cancellationToken).ConfigureAwait(false);
            if (received.ReceivedBytes < DnsHeader.Size)
            {
                continue;
            }

            var header = DnsHeader.Read(reply);
            if (header.Id == id && header.IsResponse && header.OpCode == OpCode.Notify)
            {
                return header.RCode == (int)ResponseCode.NoError;
            }
        }
    }

    private byte[] Build(DnsName zone, ResourceRecord soa, ushort id, TsigKey? key)
    {
        var message = new DnsMessage
        {
            Id = id,
            Flags = (ushort)(DnsHeader.MakeFlags(false, OpCode.Notify, ResponseCode.NoError) | DnsHeader.AAFlag),
            Questions = [new DnsQuestion(zone, RecordType.SOA)],
            Answers = [soa],
        };
        var buffer = new byte[TransferWriter.MaxMessage];
        int length = message.WriteTo(buffer);
        if (key is not null)
        {
            length = new TsigSession(key, time).Sign(buffer, length);
        }

        return buffer[..length];
    }
}
