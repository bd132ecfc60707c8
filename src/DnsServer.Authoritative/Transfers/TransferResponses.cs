using System.Buffers.Binary;
using DnsServer.Pipeline;
using DnsServer.Protocol;
using DnsServer.Protocol.Records;
using DnsServer.Protocol.Tsig;

namespace DnsServer.Authoritative.Transfers;

/// <summary>
/// The single-message answers of the transfer stage: errors, the SOA of an up-to-date IXFR, the
/// reply to a NOTIFY, each signed when the request was (RFC 8945 §5.3), and the TSIG error
/// answers of RFC 8945 §5.2.
/// </summary>
internal static class TransferResponses
{
    public static void Write(QueryContext context, ResponseCode rcode, IReadOnlyList<ResourceRecord> answers, TsigSession? tsig, ushort extraFlags = 0)
    {
        var buffer = new byte[TransferWriter.MaxMessage];
        int length = WriteMessage(context, rcode, answers, extraFlags, buffer);
        if (tsig is not null)
        {
            length = tsig.Sign(buffer, length);
        }

        context.SetResponse(buffer.AsSpan(0, length));
    }

    /// <summary>
    /// Answers a request whose TSIG failed: NOTAUTH with the TSIG error. BADKEY and BADSIG answers
    /// are unsigned (an empty MAC); a BADTIME answer is signed and carries our time in Other Data
    /// (RFC 8945 §5.2.3).
    /// </summary>
    public static void WriteTsigError(QueryContext context, TsigVerification verification, TimeProvider time)
    {
        var record = verification.Record!;
        var buffer = new byte[TransferWriter.MaxMessage];
        int length = WriteMessage(context, ResponseCode.NotAuth, [], 0, buffer);
        if (verification.Error == TsigError.BadTime && verification.Key is { } key)
        {
            var now = new byte[6];
            TsigSigner.WriteTime(now, time.GetUtcNow().ToUnixTimeSeconds());
            var variables = new TsigVariables(context.Header.Id, record.TimeSigned, record.Fudge, TsigError.BadTime, now);
            length = TsigSigner.Sign(buffer, length, key, record.Mac, variables, out _);
        }
        else
        {
            var variables = new TsigVariables(context.Header.Id, record.TimeSigned, record.Fudge, verification.Error, default);
            length = TsigSigner.AppendRecord(buffer, length, record.KeyName, record.AlgorithmName, [], variables);
        }

        context.SetResponse(buffer.AsSpan(0, length));
    }

    private static int WriteMessage(QueryContext context, ResponseCode rcode, IReadOnlyList<ResourceRecord> answers, ushort extraFlags, byte[] buffer)
    {
        var header = context.Header;
        ushort flags = (ushort)(DnsHeader.MakeFlags(true, header.OpCode, rcode) | extraFlags | (header.Flags & DnsHeader.RDFlag));
        var message = new DnsMessage
        {
            Id = header.Id,
            Flags = flags,
            Questions = context.HasQuestion ? [new DnsQuestion(DnsName.FromWire(context.QName), context.QType, context.QClass)] : [],
            Answers = answers,
        };
        int length = message.WriteTo(buffer);
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), flags);
        return length;
    }
}
