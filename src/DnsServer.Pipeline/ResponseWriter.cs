using System.Text;
using DnsServer.Protocol;
using DnsServer.Protocol.Edns;

namespace DnsServer.Pipeline;

/// <summary>
/// Writes the response a context describes: header, the question echoed as asked, the sections
/// by whole RRsets, and OPT when the query had EDNS. Over UDP the message fits the size the client
/// can take (RFC 6891 §6.2.5, capped at 1232 as DNS Flag Day 2020 advises) and TC is set when a
/// needed RRset was left out (RFC 2181 §9).
/// </summary>
public static class ResponseWriter
{
    /// <summary>RFC 1035 §4.2.1: the UDP limit without EDNS.</summary>
    public const int ClassicUdpSize = 512;

    /// <summary>The largest UDP response we send, to stay clear of IP fragmentation.</summary>
    public const int MaxUdpSize = 1232;

    /// <summary>An OPT record without options: root name, type, class, TTL, RDLENGTH.</summary>
    private const int OptSize = 11;

    /// <summary>The most EXTRA-TEXT bytes of an extended error we send; longer text is cut.</summary>
    private const int MaxExtendedErrorText = 192;

    public static int UdpLimit(QueryContext context) =>
        context.HasEdns ? Math.Clamp((int)context.Edns.UdpPayloadSize, ClassicUdpSize, MaxUdpSize) : ClassicUdpSize;

    public static void Write(QueryContext context)
    {
        var response = context.Response;
        int limit = context.Transport == TransportKind.Tcp ? QueryContext.MaxMessageSize : UdpLimit(context);
        var writer = new DnsMessageWriter(context.ResponseBuffer) { Limit = limit - (context.HasEdns ? OptLength(context) : 0) };

        writer.WriteHeader(default);
        ushort questions = 0;
        if (context.HasQuestion)
        {
            writer.WriteName(context.QName);
            writer.WriteUInt16((ushort)context.QType);
            writer.WriteUInt16((ushort)context.QClass);
            questions = 1;
        }

        bool truncated = false;
        ushort answers = WriteSection(ref writer, response.Answer, required: response.Answer.Count, ref truncated);
        ushort authority = truncated ? (ushort)0 : WriteSection(ref writer, response.Authority, required: response.Authority.Count, ref truncated);
        ushort additional = truncated ? (ushort)0 : WriteSection(ref writer, response.Additional, response.RequiredAdditionalCount, ref truncated);

        writer.Limit = limit;
        if (context.HasEdns)
        {
            WriteOpt(ref writer, context, response.Rcode);
            additional++;
        }

        var header = context.Header;
        int flags = DnsHeader.QRFlag
            | ((int)header.OpCode << 11)
            | (response.Authoritative ? DnsHeader.AAFlag : 0)
            | (truncated ? DnsHeader.TCFlag : 0)
            | (header.Flags & (DnsHeader.RDFlag | DnsHeader.CDFlag))
            | (context.RecursionAllowed ? DnsHeader.RAFlag : 0)
            | ((int)response.Rcode & 0xF);
        new DnsHeader(header.Id, (ushort)flags, questions, answers, authority, additional).Write(context.ResponseBuffer);
        context.ResponseLength = writer.Position;
    }

    private static ushort WriteSection(ref DnsMessageWriter writer, ResponseSection section, int required, ref bool truncated)
    {
        ushort written = 0;
        var items = section.Items;
        for (int i = 0; i < items.Length; i++)
        {
            var mark = writer.Mark();
            ushort count = WriteRRset(ref writer, items[i]);
            if (writer.Overflowed)
            {
                writer.Rollback(mark);
                if (i < required)
                {
                    truncated = true;
                    return written;
                }

                continue;
            }

            written += count;
        }

        return written;
    }

    private static ushort WriteRRset(ref DnsMessageWriter writer, in ResponseRRset rrset)
    {
        // A null owner is the QNAME, which always sits at offset 12, right after the header.
        bool atQName = rrset.AtQName || rrset.Owner is null;
        if (rrset.RDataWire is { } image)
        {
            // RDLENGTH and RDATA come ready-made, one record after another.
            ReadOnlySpan<byte> wire = image;
            ushort count = 0;
            while (!wire.IsEmpty)
            {
                WriteRecordHead(ref writer, rrset, atQName);
                int length = 2 + ((wire[0] << 8) | wire[1]);
                writer.WriteBytes(wire[..length]);
                wire = wire[length..];
                count++;
            }

            return count;
        }

        var records = rrset.Records.Span;
        for (int i = 0; i < records.Length; i++)
        {
            WriteRecordHead(ref writer, rrset, atQName);
            int lengthPosition = writer.Position;
            writer.WriteUInt16(0);
            records[i].WriteTo(ref writer);
            writer.EndRecord(lengthPosition);
        }

        return (ushort)records.Length;
    }

    private static ReadOnlySpan<byte> QNamePointer => [0xC0, DnsHeader.Size];

    /// <summary>A record's owner, TYPE, CLASS and TTL: everything before its RDLENGTH.</summary>
    private static void WriteRecordHead(ref DnsMessageWriter writer, in ResponseRRset rrset, bool atQName)
    {
        if (atQName)
        {
            writer.WriteBytes(QNamePointer);
        }
        else
        {
            writer.WriteName(rrset.Owner!.Wire);
        }

        writer.WriteUInt16((ushort)rrset.Type);
        writer.WriteUInt16((ushort)rrset.Class);
        writer.WriteUInt32(rrset.Ttl);
    }

    /// <summary>RFC 6891 §6.1.3: our payload size, the high bits of the rcode, version 0, DO echoed (RFC 3225 §3).</summary>
    private static void WriteOpt(ref DnsMessageWriter writer, QueryContext context, ResponseCode rcode)
    {
        writer.WriteByte(0);
        writer.WriteUInt16((ushort)RecordType.OPT);
        writer.WriteUInt16(MaxUdpSize);
        writer.WriteByte((byte)((int)rcode >> 4));
        writer.WriteByte(0);
        writer.WriteUInt16(context.Edns.DnssecOk ? (ushort)0x8000 : (ushort)0);
        var response = context.Response;
        int subnetLength = ClientSubnetEchoLength(context);
        writer.WriteUInt16((ushort)(subnetLength + ExtendedErrorOptionLength(response)));
        if (subnetLength > 0)
        {
            WriteClientSubnetEcho(ref writer, context);
        }

        if (response.ExtendedErrorCode is not { } code)
        {
            return;
        }

        // RFC 8914 §2: INFO-CODE, then EXTRA-TEXT in UTF-8 without a terminating NUL.
        Span<byte> data = stackalloc byte[2 + MaxExtendedErrorText];
        data[0] = (byte)(code >> 8);
        data[1] = (byte)code;
        int textLength = ExtendedErrorTextLength(response);
        if (textLength > 0)
        {
            Encoding.UTF8.TryGetBytes(response.ExtendedErrorText.AsSpan()[..TextChars(response.ExtendedErrorText!)], data[2..], out textLength);
        }

        EdnsWire.WriteOption(ref writer, EdnsOptionCode.ExtendedError, data[..(2 + textLength)]);
    }

    /// <summary>
    /// RFC 7871 §7.2.1: FAMILY, SOURCE PREFIX-LENGTH and ADDRESS as the query sent them, SCOPE
    /// PREFIX-LENGTH as the answer used. The query's option was checked by the validation stage.
    /// </summary>
    private static void WriteClientSubnetEcho(ref DnsMessageWriter writer, QueryContext context)
    {
        var query = context.Request.Span.Slice(context.Edns.ClientSubnetOffset, context.Edns.ClientSubnetLength);
        Span<byte> data = stackalloc byte[query.Length];
        query.CopyTo(data);
        data[3] = context.Response.ClientSubnetScope!.Value;
        EdnsWire.WriteOption(ref writer, EdnsOptionCode.ClientSubnet, data);
    }

    private static int ClientSubnetEchoLength(QueryContext context) =>
        context.Response.ClientSubnetScope is not null && context.Edns.HasClientSubnet ? 4 + context.Edns.ClientSubnetLength : 0;

    private static int ExtendedErrorOptionLength(ResponseBuilder response) =>
        response.ExtendedErrorCode is null ? 0 : 4 + 2 + ExtendedErrorTextLength(response);

    private static int OptLength(QueryContext context) =>
        OptSize + ClientSubnetEchoLength(context) + ExtendedErrorOptionLength(context.Response);

    private static int ExtendedErrorTextLength(ResponseBuilder response) =>
        response.ExtendedErrorText is { } text ? Encoding.UTF8.GetByteCount(text.AsSpan(0, TextChars(text))) : 0;

    /// <summary>How many characters of the text fit <see cref="MaxExtendedErrorText"/> bytes even when each takes three.</summary>
    private static int TextChars(string text) => Math.Min(text.Length, MaxExtendedErrorText / 3);
}
