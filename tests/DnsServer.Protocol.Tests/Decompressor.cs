using System.Buffers.Binary;

namespace DnsServer.Protocol.Tests;

/// <summary>
/// Rewrites a message with every compression pointer expanded, written by hand and apart from the
/// codec, so two encodings of the same message can be compared octet for octet.
/// </summary>
internal static class Decompressor
{
    public static byte[] Expand(byte[] wire)
    {
        var output = new List<byte>(wire.AsSpan(0, DnsHeader.Size).ToArray());
        int position = DnsHeader.Size;
        int questions = BinaryPrimitives.ReadUInt16BigEndian(wire.AsSpan(4));
        int records = BinaryPrimitives.ReadUInt16BigEndian(wire.AsSpan(6))
            + BinaryPrimitives.ReadUInt16BigEndian(wire.AsSpan(8)) + BinaryPrimitives.ReadUInt16BigEndian(wire.AsSpan(10));
        for (int i = 0; i < questions; i++)
        {
            position = CopyName(wire, position, output);
            output.AddRange(wire.AsSpan(position, 4).ToArray());
            position += 4;
        }

        for (int i = 0; i < records; i++)
        {
            position = CopyName(wire, position, output);
            var type = (RecordType)BinaryPrimitives.ReadUInt16BigEndian(wire.AsSpan(position));
            int length = BinaryPrimitives.ReadUInt16BigEndian(wire.AsSpan(position + 8));
            output.AddRange(wire.AsSpan(position, 8).ToArray());
            int rdata = position + 10;
            var expanded = ExpandRData(wire, type, rdata, length);
            output.Add((byte)(expanded.Count >> 8));
            output.Add((byte)expanded.Count);
            output.AddRange(expanded);
            position = rdata + length;
        }

        Assert.Equal(wire.Length, position);
        return [.. output];
    }

    private static List<byte> ExpandRData(byte[] wire, RecordType type, int rdata, int length)
    {
        var output = new List<byte>();
        int end = rdata + length;
        (int fixedBefore, int names) = type switch
        {
            RecordType.NS or RecordType.CNAME or RecordType.PTR or RecordType.MB or RecordType.MD or RecordType.MF
                or RecordType.MG or RecordType.MR => (0, 1),
            RecordType.MX => (2, 1),
            RecordType.SOA or RecordType.MINFO => (0, 2),
            RecordType.SRV => (6, 1),
            _ => (0, 0),
        };
        output.AddRange(wire.AsSpan(rdata, fixedBefore).ToArray());
        int position = rdata + fixedBefore;
        for (int i = 0; i < names; i++)
        {
            position = CopyName(wire, position, output);
        }

        output.AddRange(wire.AsSpan(position, end - position).ToArray());
        return output;
    }

    private static int CopyName(byte[] wire, int position, List<byte> output)
    {
        int next = -1;
        while (true)
        {
            byte length = wire[position];
            if ((length & 0xC0) == 0xC0)
            {
                next = next < 0 ? position + 2 : next;
                position = BinaryPrimitives.ReadUInt16BigEndian(wire.AsSpan(position)) & 0x3FFF;
                continue;
            }

            output.AddRange(wire.AsSpan(position, length + 1).ToArray());
            position += length + 1;
            if (length == 0)
            {
                return next < 0 ? position : next;
            }
        }
    }
}
