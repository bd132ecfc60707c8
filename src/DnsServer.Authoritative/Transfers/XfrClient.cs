using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using DnsServer.Protocol;
using DnsServer.Protocol.Records;
using DnsServer.Protocol.Tsig;

namespace DnsServer.Authoritative.Transfers;

/// <summary>
/// Asks a primary: its SOA serial (over UDP, RFC 1034 §4.3.5) and the zone (AXFR or IXFR over
/// TCP), each request signed and each reply verified when the zone has a key. Any fault (a bad
/// signature, a wrong ID, an rcode, a cut connection, a timeout) throws, and nothing is kept.
/// </summary>
internal sealed class XfrClient(TsigKey? key, TimeProvider time, TimeSpan timeout)
{
    public async Task<uint> QuerySerialAsync(IPEndPoint primary, DnsName zone, CancellationToken cancellationToken)
    {
        var (request, id, mac) = BuildQuery(zone, RecordType.SOA, null);
        using var socket = new Socket(primary.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(timeout);
        await socket.ConnectAsync(primary, wait.Token).ConfigureAwait(false);
        await socket.SendAsync(request, SocketFlags.None, wait.Token).ConfigureAwait(false);
        var buffer = new byte[TransferWriter.MaxMessage];
        while (true)
        {
            int length = await socket.ReceiveAsync(buffer, SocketFlags.None, wait.Token).ConfigureAwait(false);
            if (length < DnsHeader.Size || DnsHeader.Read(buffer).Id != id)
            {
                continue;
            }

            var reply = buffer.AsSpan(0, length);
            Verify(reply, mac, null);
            var message = Check(reply, id);
            return message.Answers.FirstOrDefault(r => r.Data is SoaRData && r.Name.Equals(zone))?.Data is SoaRData soa
                ? soa.Serial
                : throw new InvalidDataException("the SOA reply has no SOA for the zone");
        }
    }

    /// <summary>Runs one transfer; <paramref name="current"/> (our SOA) makes it an IXFR.</summary>
    public async Task<TransferAssembler> TransferAsync(IPEndPoint primary, DnsName zone, ResourceRecord? current, CancellationToken cancellationToken)
    {
        var (request, id, mac) = BuildQuery(zone, current is null ? RecordType.AXFR : RecordType.IXFR, current);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(timeout * 4);
        using var client = new TcpClient(primary.AddressFamily);
        await client.ConnectAsync(primary, wait.Token).ConfigureAwait(false);
        var stream = client.GetStream();
        var framed = new byte[request.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)request.Length);
        request.CopyTo(framed, 2);
        await stream.WriteAsync(framed, wait.Token).ConfigureAwait(false);

        var assembler = new TransferAssembler(zone);
        using var verifier = key is null ? null : new TsigResponseVerifier(key, mac!, time);
        var buffer = new byte[TransferWriter.MaxMessage];
        var prefix = new byte[2];
        while (!assembler.IsComplete)
        {
            await stream.ReadExactlyAsync(prefix, wait.Token).ConfigureAwait(false);
            int length = BinaryPrimitives.ReadUInt16BigEndian(prefix);
            await stream.ReadExactlyAsync(buffer.AsMemory(0, length), wait.Token).ConfigureAwait(false);
            var reply = buffer.AsSpan(0, length);
            Verify(reply, mac, verifier);
            assembler.Add(Check(reply, id).Answers);
            if (current is not null && assembler.IsUpToDateReply)
            {
                break;
            }
        }

        if (verifier is not null && !verifier.AtSignedMessage)
        {
            throw new InvalidDataException("the last message of the transfer is not signed");
        }

        return assembler;
    }

    private void Verify(ReadOnlySpan<byte> reply, byte[]? requestMac, TsigResponseVerifier? stream)
    {
        if (key is null)
        {
            return;
        }

        var error = stream?.Verify(reply) ?? VerifySingle(reply, requestMac!);
        if (error != TsigError.NoError)
        {
            throw new InvalidDataException($"TSIG of the reply: {error}");
        }
    }

    private TsigError VerifySingle(ReadOnlySpan<byte> reply, byte[] requestMac)
    {
        using var verifier = new TsigResponseVerifier(key!, requestMac, time);
        return verifier.Verify(reply);
    }

    private static DnsMessage Check(ReadOnlySpan<byte> reply, ushort id)
    {
        var message = DnsMessage.Parse(reply);
        if (message.Id != id || !message.IsResponse)
        {
            throw new InvalidDataException("a reply with another ID");
        }

        if (message.ResponseCode != ResponseCode.NoError)
        {
            throw new InvalidDataException($"the primary answered {message.ResponseCode}");
        }

        return message;
    }

    private (byte[] Request, ushort Id, byte[]? Mac) BuildQuery(DnsName zone, RecordType type, ResourceRecord? current)
    {
        ushort id = (ushort)SecureRandom.GetInt32(ushort.MaxValue + 1);
        var message = new DnsMessage
        {
            Id = id,
            Flags = DnsHeader.MakeFlags(false, OpCode.Query, ResponseCode.NoError),
            Questions = [new DnsQuestion(zone, type)],
            Authority = current is null ? [] : [current],
        };
        var buffer = new byte[4096];
        int length = message.WriteTo(buffer);
        if (key is null)
        {
            return (buffer[..length], id, null);
        }

        var session = new TsigSession(key, time);
        length = session.Sign(buffer, length);
        return (buffer[..length], id, session.LastMac);
    }
}
