using System.Buffers.Binary;

namespace DnsServer.Protocol.Tests;

public sealed class CompressionTests
{
    [Fact]
    public void Write_MessageOver16K_PointersOnlyBelow16384()
    {
        var answers = Enumerable.Range(0, 400)
            .Select(i => ZoneText.ParseRecord($"host{i}.sub{i % 7}.example. 60 IN MX 10 mail{i % 5}.sub{i % 7}.example."))
            .Concat(Enumerable.Range(0, 70).Select(i => ZoneText.ParseRecord($"t{i}.example. 60 IN TXT \"{new string('x', 250)}\"")))
            .Concat(Enumerable.Range(0, 50).Select(i => ZoneText.ParseRecord($"late{i}.sub{i % 3}.example. 60 IN CNAME host{i}.sub{i % 7}.example.")))
            .ToList();
        var message = new DnsMessage
        {
            Flags = DnsHeader.QRFlag,
            Questions = [new DnsQuestion(DnsName.Parse("example."), RecordType.ANY)],
            Answers = answers,
        };

        byte[] wire = message.ToArray();

        Assert.True(wire.Length > 20000, $"message is only {wire.Length} octets");
        var pointers = CollectPointerTargets(wire);
        Assert.NotEmpty(pointers);
        Assert.All(pointers, p => Assert.True(p <= DnsMessageWriter.MaxPointerOffset, $"pointer to {p}"));
        var parsed = DnsMessage.Parse(wire);
        Assert.Equal(answers, parsed.Answers);
        Assert.Equal(answers.Select(a => a.Name.ToString()), parsed.Answers.Select(a => a.Name.ToString()));
    }

    /// <summary>Walks the message by hand and returns every compression pointer's target.</summary>
    private static List<int> CollectPointerTargets(byte[] wire)
    {
        var targets = new List<int>();
        int position = DnsHeader.Size;
        int questions = BinaryPrimitives.ReadUInt16BigEndian(wire.AsSpan(4));
        int records = BinaryPrimitives.ReadUInt16BigEndian(wire.AsSpan(6));
        for (int i = 0; i < questions; i++)
        {
            position = WalkName(wire, position, targets) + 4;
        }

        for (int i = 0; i < records; i++)
        {
            position = WalkName(wire, position, targets);
            var type = (RecordType)BinaryPrimitives.ReadUInt16BigEndian(wire.AsSpan(position));
            int length = BinaryPrimitives.ReadUInt16BigEndian(wire.AsSpan(position + 8));
            int rdata = position + 10;
            if (type == RecordType.MX)
            {
                WalkName(wire, rdata + 2, targets);
            }
            else if (type == RecordType.CNAME)
            {
                WalkName(wire, rdata, targets);
            }

            position = rdata + length;
        }

        return targets;
    }

    private static int WalkName(byte[] wire, int position, List<int> targets)
    {
        while (wire[position] != 0)
        {
            if ((wire[position] & 0xC0) == 0xC0)
            {
                targets.Add(BinaryPrimitives.ReadUInt16BigEndian(wire.AsSpan(position)) & 0x3FFF);
                return position + 2;
            }

            position += wire[position] + 1;
        }

        return position + 1;
    }

    /// <summary>A response header with one question, then the given question bytes.</summary>
    private static byte[] WithQuestion(string questionHex) =>
        Convert.FromHexString("ABCD0100" + "0001000000000000" + questionHex);

    [Theory]
    [InlineData("C00C00010001", "pointer to itself (a loop)")]
    [InlineData("C00E0000C00C00010001", "forward pointer")]
    [InlineData("0161C00C00010001", "pointer back to its own label (a loop)")]
    [InlineData("C0FF00010001", "pointer past the end")]
    [InlineData("C0", "pointer cut in half")]
    [InlineData("4161000100", "label type 0x40 (extended)")]
    [InlineData("8161000100", "label type 0x80 (reserved)")]
    [InlineData("0361626300", "name without type and class")]
    [InlineData("05616263", "label past the end")]
    public void Parse_BadName_ThrowsFormatException(string questionHex, string why)
    {
        byte[] wire = WithQuestion(questionHex);
        var e = Record.Exception(() => DnsMessage.Parse(wire));
        Assert.True(e is DnsFormatException, $"{why}: {e?.GetType().Name ?? "no exception"}");
    }

    [Fact]
    public void Parse_BackwardPointer_Accepted()
    {
        // Question www.example. A, then an answer owned by a pointer to offset 12.
        byte[] wire = Convert.FromHexString(
            "ABCD8100000100010000000003777777076578616D706C650000010001" + "C00C000100010000003C0004C0000201");
        var message = DnsMessage.Parse(wire);
        Assert.Equal("www.example.", message.Answers[0].Name.ToString());
        Assert.Equal("192.0.2.1", message.Answers[0].Data.ToString());
    }

    [Fact]
    public void Read_PointerInsideSrvTarget_AcceptedForRfc3597Compatibility()
    {
        // SRV names should not be compressed, but RFC 3597 §4 asks receivers to cope (RFC 2052 servers did).
        byte[] wire = Convert.FromHexString(
            "ABCD8100000100010000000003777777076578616D706C650000210001" + "C00C002100010000003C0008000100020003C00C");
        Assert.Equal("1 2 3 www.example.", DnsMessage.Parse(wire).Answers[0].Data.ToString());
    }

    [Fact]
    public void Read_PointerInsideRrsigSigner_Rejected()
    {
        byte[] rdata = Convert.FromHexString("0001" + "08" + "02" + "00000E10" + "65B9E180" + "65920C00" + "3039" + "C00C" + "AABB");
        byte[] wire = [.. Convert.FromHexString("ABCD8100000100010000000003777777076578616D706C650000010001"), .. Convert.FromHexString("C00C002E00010000003C" + rdata.Length.ToString("X4", System.Globalization.CultureInfo.InvariantCulture)), .. rdata];
        Assert.Throws<DnsFormatException>(() => DnsMessage.Parse(wire));
    }

    [Fact]
    public void Read_NameRunningPastRData_Rejected()
    {
        // An NS RDATA of length 2 whose name continues into the following bytes.
        byte[] wire = Convert.FromHexString(
            "ABCD8100000000010000000000" + "0002000100000E100002" + "03616263" + "00");
        Assert.Throws<DnsFormatException>(() => DnsMessage.Parse(wire));
    }
}
