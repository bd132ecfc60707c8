using System.Buffers.Binary;
using System.Text;

namespace DnsServer.Integration.Tests.Infrastructure;

/// <summary>
/// Builds query packets byte by byte, so that tests can also build the malformed ones, and reads
/// the few header fields the tests look at. Deliberately independent of the server's codec.
/// </summary>
internal static class WireQuery
{
    public const ushort TypeA = 1;
    public const ushort TypeSoa = 6;
    public const ushort TypeOpt = 41;

    /// <summary>A standard query, RD clear, optionally with an OPT record (EDNS version and payload size).</summary>
    public static byte[] Build(ushort id, string name, ushort type = TypeA, int? ednsPayload = null, byte ednsVersion = 0, ushort flags = 0)
    {
        var packet = new List<byte>(64);
        AppendHeader(packet, id, flags, questions: 1, additional: (ushort)(ednsPayload is null ? 0 : 1));
        packet.AddRange(EncodeName(name));
        AppendUInt16(packet, type);
        AppendUInt16(packet, 1);
        if (ednsPayload is { } payload)
        {
            packet.AddRange(Opt((ushort)payload, ednsVersion));
        }

        return [.. packet];
    }

    public static void AppendHeader(List<byte> packet, ushort id, ushort flags, ushort questions, ushort answers = 0, ushort authority = 0, ushort additional = 0)
    {
        AppendUInt16(packet, id);
        AppendUInt16(packet, flags);
        AppendUInt16(packet, questions);
        AppendUInt16(packet, answers);
        AppendUInt16(packet, authority);
        AppendUInt16(packet, additional);
    }

    /// <summary>An OPT pseudo-record owned by the root, with optional raw option bytes.</summary>
    public static byte[] Opt(ushort payload, byte version = 0, byte[]? options = null, byte[]? owner = null)
    {
        var record = new List<byte>();
        record.AddRange(owner ?? [0]);
        AppendUInt16(record, TypeOpt);
        AppendUInt16(record, payload);
        record.Add(0);
        record.Add(version);
        AppendUInt16(record, 0);
        options ??= [];
        AppendUInt16(record, (ushort)options.Length);
        record.AddRange(options);
        return [.. record];
    }

    public static byte[] EncodeName(string name)
    {
        var wire = new List<byte>();
        foreach (var label in name.TrimEnd('.').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var bytes = Encoding.ASCII.GetBytes(label);
            wire.Add((byte)bytes.Length);
            wire.AddRange(bytes);
        }

        wire.Add(0);
        return [.. wire];
    }

    public static void AppendUInt16(List<byte> packet, ushort value)
    {
        packet.Add((byte)(value >> 8));
        packet.Add((byte)value);
    }

    public static ushort Id(ReadOnlySpan<byte> message) => BinaryPrimitives.ReadUInt16BigEndian(message);

    public static ushort Flags(ReadOnlySpan<byte> message) => BinaryPrimitives.ReadUInt16BigEndian(message[2..]);

    public static bool IsTruncated(ReadOnlySpan<byte> message) => (Flags(message) & 0x0200) != 0;

    public static ushort AnswerCount(ReadOnlySpan<byte> message) => BinaryPrimitives.ReadUInt16BigEndian(message[6..]);

    /// <summary>The rcode with the OPT record's upper bits (RFC 6891 §6.1.3), as a mnemonic.</summary>
    public static string RcodeName(ReadOnlySpan<byte> message)
    {
        int rcode = Flags(message) & 0xF;
        int high = OptExtendedRcode(message);
        return (high << 4 | rcode) switch
        {
            0 => "NOERROR",
            1 => "FORMERR",
            2 => "SERVFAIL",
            3 => "NXDOMAIN",
            4 => "NOTIMP",
            5 => "REFUSED",
            9 => "NOTAUTH",
            16 => "BADVERS",
            var other => "RCODE" + other,
        };
    }

    /// <summary>The OPT record's extended-rcode byte, 0 when there is no OPT or the message does not parse.</summary>
    private static int OptExtendedRcode(ReadOnlySpan<byte> message)
    {
        try
        {
            int offset = 12;
            int questions = BinaryPrimitives.ReadUInt16BigEndian(message[4..]);
            int records = BinaryPrimitives.ReadUInt16BigEndian(message[6..]) + BinaryPrimitives.ReadUInt16BigEndian(message[8..])
                + BinaryPrimitives.ReadUInt16BigEndian(message[10..]);
            for (int i = 0; i < questions; i++)
            {
                offset = SkipName(message, offset) + 4;
            }

            for (int i = 0; i < records; i++)
            {
                offset = SkipName(message, offset);
                ushort type = BinaryPrimitives.ReadUInt16BigEndian(message[offset..]);
                if (type == TypeOpt)
                {
                    return message[offset + 4];
                }

                offset += 10 + BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 8)..]);
            }
        }
        catch (ArgumentOutOfRangeException)
        {
        }

        return 0;
    }

    private static int SkipName(ReadOnlySpan<byte> message, int offset)
    {
        while (true)
        {
            byte length = message[offset];
            if (length == 0)
            {
                return offset + 1;
            }

            if ((length & 0xC0) == 0xC0)
            {
                return offset + 2;
            }

            offset += 1 + length;
        }
    }
}
