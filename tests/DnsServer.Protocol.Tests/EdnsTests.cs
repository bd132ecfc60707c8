using System.Net;
using DnsServer.Protocol.Edns;

namespace DnsServer.Protocol.Tests;

public sealed class EdnsTests
{
    /// <summary>Reads a message with the span reader and returns its OPT record's summary.</summary>
    internal static EdnsQueryInfo ReadQueryOpt(ReadOnlySpan<byte> wire)
    {
        var reader = new DnsMessageReader(wire);
        var header = reader.ReadHeader();
        Span<byte> name = stackalloc byte[DnsName.MaxLength];
        for (int i = 0; i < header.QuestionCount; i++)
        {
            reader.ReadQuestion(name);
        }

        int records = header.AnswerCount + header.AuthorityCount + header.AdditionalCount;
        for (int i = 0; i < records; i++)
        {
            var record = reader.ReadRecord(name);
            if (record.Type == RecordType.OPT)
            {
                return EdnsQueryInfo.Read(record, wire);
            }
        }

        throw new InvalidOperationException("no OPT record");
    }

    private static byte[] QueryWithOptions(ushort udpSize, ushort flags, params (ushort Code, byte[] Data)[] options)
    {
        var buffer = new byte[512];
        var writer = new DnsMessageWriter(buffer);
        writer.WriteHeader(new DnsHeader(1, DnsHeader.RDFlag, 1, 0, 0, 1));
        writer.WriteName(DnsName.Parse("example."));
        writer.WriteUInt16((ushort)RecordType.A);
        writer.WriteUInt16((ushort)RecordClass.IN);
        int length = EdnsWire.BeginOpt(ref writer, udpSize, 0, 0, flags);
        foreach (var (code, data) in options)
        {
            EdnsWire.WriteOption(ref writer, code, data);
        }

        writer.EndRecord(length);
        return writer.Written.ToArray();
    }

    [Fact]
    public void Read_OptWithDoAndCookie_ReportsFields()
    {
        byte[] cookie = [1, 2, 3, 4, 5, 6, 7, 8];
        byte[] wire = QueryWithOptions(1232, EdnsWire.DnssecOkFlag, (EdnsOptionCode.Cookie, cookie));

        var info = ReadQueryOpt(wire);

        Assert.Equal(1232, info.UdpPayloadSize);
        Assert.Equal(0, info.Version);
        Assert.True(info.DnssecOk);
        Assert.True(info.HasCookie);
        Assert.False(info.HasClientSubnet);
        var read = info.GetCookie(wire);
        Assert.Equal(cookie, read.ClientCookie.ToArray());
        Assert.True(read.ServerCookie.IsEmpty);
        var model = DnsMessage.Parse(wire).Opt!;
        Assert.Equal(wire, new DnsMessage { Id = 1, Flags = DnsHeader.RDFlag, Questions = [new DnsQuestion(DnsName.Parse("example."), RecordType.A)], Opt = model }.ToArray());
    }

    [Fact]
    public void WriteOpt_NoOptions_ElevenOctets()
    {
        var buffer = new byte[64];
        var writer = new DnsMessageWriter(buffer);
        EdnsWire.WriteOpt(ref writer, 1232, dnssecOk: true);
        Assert.Equal("00002904D000008000" + "0000", Convert.ToHexString(writer.Written));
        Assert.Equal(EdnsWire.EmptyOptSize, writer.Position);
    }

    [Theory]
    [InlineData("0001" + "18" + "00" + "C00002", "192.0.2.0/24/0")]
    [InlineData("0001" + "00" + "00", "0.0.0.0/0/0")]
    [InlineData("0001" + "20" + "00" + "C0000201", "192.0.2.1/32/0")]
    [InlineData("0002" + "30" + "00" + "20010DB80000", "2001:db8::/48/0")]
    [InlineData("0002" + "38" + "10" + "20010DB8000080", "2001:db8:0:8000::/56/16")]
    public void ClientSubnet_Valid_Decodes(string hex, string expected)
    {
        var subnet = ClientSubnet.Read(Convert.FromHexString(hex));
        Assert.Equal(expected, subnet.ToString());

        var buffer = new byte[64];
        var writer = new DnsMessageWriter(buffer);
        subnet.WriteOption(ref writer);
        Assert.Equal("0008" + (hex.Length / 2).ToString("X4", System.Globalization.CultureInfo.InvariantCulture) + hex, Convert.ToHexString(writer.Written));
    }

    [Theory]
    [InlineData("0001" + "18" + "00" + "C00002FF", "address longer than the prefix needs")]
    [InlineData("0001" + "18" + "00" + "C000", "address shorter than the prefix needs")]
    [InlineData("0001" + "17" + "00" + "C00003", "bit set beyond a /23")]
    [InlineData("0001" + "21" + "00" + "C000020100", "IPv4 prefix of 33")]
    [InlineData("0002" + "81" + "00" + "20010DB8000000000000000000000000000000", "IPv6 prefix of 129")]
    [InlineData("0001" + "18" + "21" + "C00002", "scope prefix longer than the family")]
    [InlineData("0003" + "00" + "00", "unknown family")]
    [InlineData("0001" + "18", "cut short")]
    public void ClientSubnet_Invalid_ThrowsFormatException(string hex, string why)
    {
        var e = Record.Exception(() => ClientSubnet.Read(Convert.FromHexString(hex)));
        Assert.True(e is DnsFormatException, why);
    }

    [Fact]
    public void ClientSubnet_Create_TruncatesToPrefix()
    {
        var subnet = ClientSubnet.Create(IPAddress.Parse("198.51.100.77"), 20);
        Assert.Equal("198.51.96.0/20/0", subnet.ToString());
        Assert.Equal(3, subnet.AddressLength);
    }

    [Theory]
    [InlineData("10.1.2.3/24", "10.1.2.0/24/0")]
    [InlineData("2001:db8:1:ff00::/56", "2001:db8:1:ff00::/56/0")]
    [InlineData("0.0.0.0/0", "0.0.0.0/0/0")]
    public void ClientSubnet_TryParse_AddressSlashPrefix_CutToPrefix(string text, string expected)
    {
        Assert.True(ClientSubnet.TryParse(text, out var subnet));
        Assert.Equal(expected, subnet.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("10.1.2.3")]
    [InlineData("10.1.2.3/33")]
    [InlineData("2001:db8::/129")]
    [InlineData("nonsense/24")]
    [InlineData("10.1.2.3/-1")]
    public void ClientSubnet_TryParse_NotASubnet_False(string? text)
    {
        Assert.False(ClientSubnet.TryParse(text, out _));
    }

    [Fact]
    public void Read_QueryWithClientSubnet_ReportsOffsets()
    {
        byte[] ecs = Convert.FromHexString("00011800C00002");
        byte[] wire = QueryWithOptions(4096, 0, (EdnsOptionCode.Nsid, []), (EdnsOptionCode.ClientSubnet, ecs));
        var info = ReadQueryOpt(wire);
        Assert.True(info.HasClientSubnet);
        Assert.Equal(ecs, wire.AsSpan(info.ClientSubnetOffset, info.ClientSubnetLength).ToArray());
        Assert.Equal("192.0.2.0/24/0", info.GetClientSubnet(wire).ToString());
    }

    [Theory]
    [InlineData(8, true)]
    [InlineData(16, true)]
    [InlineData(40, true)]
    [InlineData(0, false)]
    [InlineData(7, false)]
    [InlineData(9, false)]
    [InlineData(15, false)]
    [InlineData(41, false)]
    public void Cookie_Length_ValidOnlyFor8Or16To40(int length, bool valid)
    {
        byte[] data = new byte[length];
        var e = Record.Exception(() => CookieOption.Read(data));
        Assert.Equal(valid, e is null);
        Assert.True(e is null or DnsFormatException);
    }

    [Fact]
    public void Cookie_WithServerCookie_SplitsAndWrites()
    {
        byte[] data = [.. Enumerable.Range(1, 24).Select(i => (byte)i)];
        var cookie = CookieOption.Read(data);
        Assert.Equal(8, cookie.ClientCookie.Length);
        Assert.Equal(16, cookie.ServerCookie.Length);
        var buffer = new byte[64];
        var writer = new DnsMessageWriter(buffer);
        cookie.WriteOption(ref writer);
        Assert.Equal("000A0018" + Convert.ToHexString(data), Convert.ToHexString(writer.Written));
    }

    [Theory]
    [InlineData("000800", "option header cut short")]
    [InlineData("00080005000100", "option data runs past RDATA")]
    [InlineData("000A0000000A0000", "two COOKIE options")]
    public void Read_MalformedOptions_ThrowsFormatException(string optionsHex, string why)
    {
        byte[] options = Convert.FromHexString(optionsHex);
        byte[] wire = [.. Convert.FromHexString("000101000001000000000001076578616D706C650000010001" + "00002910000000000000"), .. options];
        wire[^(options.Length + 1)] = (byte)options.Length;
        var e = Record.Exception(() => ReadQueryOpt(wire));
        Assert.True(e is DnsFormatException, why);
        Assert.Throws<DnsFormatException>(() => DnsMessage.Parse(wire));
    }

    [Fact]
    public void Read_OptOwnerNotRoot_ThrowsFormatException()
    {
        byte[] wire = Convert.FromHexString("000101000001000000000001076578616D706C650000010001" + "C00C00291000000000000000");
        Assert.Throws<DnsFormatException>(() => ReadQueryOpt(wire));
    }

    [Fact]
    public void OptRecord_ToString_LooksLikeDig()
    {
        var opt = new OptRecord(1232, 0, 0, EdnsWire.DnssecOkFlag, [new EdnsOption(EdnsOptionCode.Cookie, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 })]);
        Assert.Equal("; EDNS: version: 0, flags: do; udp: 1232" + Environment.NewLine + "; COOKIE: 0102030405060708", opt.ToString());
    }
}
