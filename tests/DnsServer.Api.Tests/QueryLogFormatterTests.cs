using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Text;
using System.Text.Json;
using DnsServer.Pipeline;
using DnsServer.Pipeline.Diagnostics;
using DnsServer.Pipeline.Stages;
using DnsServer.Protocol;

namespace DnsServer.Api.Tests;

/// <summary>One query log line: the fields and their text, written without allocating per entry.</summary>
public sealed class QueryLogFormatterTests
{
    private static readonly long Timestamp = new DateTime(2026, 11, 25, 1, 24, 3, DateTimeKind.Utc).Ticks + 1234;

    [Fact]
    public void Format_IPv4Query_WritesEveryField()
    {
        var entry = Entry(@"www.Example.test.", RecordType.AAAA, "192.0.2.10", ResponseCode.NXDomain, AnswerSource.Authoritative);

        Assert.Equal(
            """{"time":"2026-11-25T01:24:03.0001234Z","client":"192.0.2.10","transport":"udp","qname":"www.Example.test.","qtype":"AAAA","rcode":"NXDOMAIN","answers":0,"authority":0,"additional":0,"tc":false,"latencyUs":42,"answeredBy":"authoritative"}""",
            FormatLine(entry));
    }

    [Theory]
    [InlineData(@"a\.b.example.", @"a\\.b.example.")]
    [InlineData(@"\"".example.", @"\\\u0022.example.")]
    [InlineData(@"\000\255.example.", @"\\000\\255.example.")]
    [InlineData(@"a\@\$+<.example.", @"a\\@\\$\u002B\u003C.example.")]
    public void Format_EscapedQName_MatchesDnsNameToStringAsJson(string name, string expectedJson)
    {
        var entry = Entry(name, RecordType.A, "192.0.2.1", ResponseCode.NoError, AnswerSource.Recursive);

        string line = FormatLine(entry);

        Assert.Contains($"\"qname\":\"{expectedJson}\"", line, StringComparison.Ordinal);
        Assert.Equal(DnsName.Parse(name).ToString(), JsonDocument.Parse(line).RootElement.GetProperty("qname").GetString());
    }

    [Theory]
    [InlineData("2001:db8::53")]
    [InlineData("::1")]
    [InlineData("0.0.0.0")]
    [InlineData("255.255.255.255")]
    [InlineData("10.0.100.7")]
    public void Format_Client_MatchesIPAddressToString(string address)
    {
        var entry = Entry("example.", RecordType.A, address, ResponseCode.NoError, AnswerSource.Authoritative);

        var client = JsonDocument.Parse(FormatLine(entry)).RootElement.GetProperty("client").GetString();

        Assert.Equal(IPAddress.Parse(address).ToString(), client);
    }

    [Fact]
    public void Format_UnknownTypeAndRcode_WritesGenericMnemonics()
    {
        var entry = Entry("example.", (RecordType)65280, "192.0.2.1", (ResponseCode)3841, AnswerSource.None);

        var root = JsonDocument.Parse(FormatLine(entry)).RootElement;

        Assert.Equal("TYPE65280", root.GetProperty("qtype").GetString());
        Assert.Equal("RCODE3841", root.GetProperty("rcode").GetString());
        Assert.Equal("none", root.GetProperty("answeredBy").GetString());
    }

    [Fact]
    public void Format_ManyEntries_AllocatesNothingPerEntry()
    {
        QueryLogEntry[] entries =
        [
            Entry(@"www.a\.b.example.", RecordType.A, "192.0.2.1", ResponseCode.NoError, AnswerSource.Authoritative),
            Entry("mail.example.", RecordType.MX, "2001:db8::1", ResponseCode.NXDomain, AnswerSource.Recursive),
            Entry("x.example.", RecordType.TXT, "198.51.100.200", ResponseCode.Refused, AnswerSource.Refused),
        ];
        var formatter = new QueryLogFormatter();
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        using var json = new Utf8JsonWriter(buffer);
        FormatAll(formatter, entries, json, buffer, 100);

        // A tiered-compilation promotion can allocate once mid-round; a path that allocates does so every round.
        long allocated = long.MaxValue;
        for (int round = 0; round < 5 && allocated > 0; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            FormatAll(formatter, entries, json, buffer, 1000);
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.True(allocated < 1000, $"{allocated} bytes allocated for 3,000 entries");
    }

    private static void FormatAll(QueryLogFormatter formatter, QueryLogEntry[] entries, Utf8JsonWriter json, ArrayBufferWriter<byte> buffer, int times)
    {
        for (int i = 0; i < times; i++)
        {
            foreach (ref readonly var entry in entries.AsSpan())
            {
                formatter.Format(entry, json);
                json.Flush();
                json.Reset();
                buffer.Write("\n"u8);
                if (buffer.WrittenCount > 32 * 1024)
                {
                    buffer.ResetWrittenCount();
                }
            }
        }
    }

    private static string FormatLine(in QueryLogEntry entry)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            new QueryLogFormatter().Format(entry, json);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static QueryLogEntry Entry(string name, RecordType type, string client, ResponseCode rcode, AnswerSource answeredBy)
    {
        var wire = DnsName.Parse(name).Wire;
        var request = new byte[DnsHeader.Size + wire.Length + 4];
        BinaryPrimitives.WriteUInt16BigEndian(request, 0x1234);
        BinaryPrimitives.WriteUInt16BigEndian(request.AsSpan(4), 1);
        wire.CopyTo(request.AsSpan(DnsHeader.Size));
        BinaryPrimitives.WriteUInt16BigEndian(request.AsSpan(DnsHeader.Size + wire.Length), (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(request.AsSpan(DnsHeader.Size + wire.Length + 2), 1);

        var context = new QueryContext();
        context.Reset(request, TransportKind.Udp, ClientAddress.FromIPAddress(IPAddress.Parse(client)));
        new ValidationStage().InvokeAsync(context, _ => ValueTask.CompletedTask).AsTask().GetAwaiter().GetResult();
        Assert.Equal(wire.Length, context.QNameLength);
        return QueryLogEntry.Capture(context, rcode, answeredBy, 42, Timestamp);
    }
}
