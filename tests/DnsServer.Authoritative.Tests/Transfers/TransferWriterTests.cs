using System.Text;
using DnsServer.Authoritative.Transfers;
using DnsServer.Protocol;
using DnsServer.Protocol.Tsig;
using Microsoft.Extensions.Time.Testing;

namespace DnsServer.Authoritative.Tests.Transfers;

public sealed class TransferWriterTests
{
    private static string BigZone(int names)
    {
        var text = new StringBuilder("@ 300 IN SOA ns1 hostmaster 9 60 30 600 60\n@ NS ns1\nns1 A 127.0.0.1\n");
        for (int i = 0; i < names; i++)
        {
            text.Append($"host{i} A 10.0.{i / 256}.{i % 256}\n");
        }

        return text.ToString();
    }

    private static async Task<List<byte[]>> WriteAsync(int names, TsigSession? tsig)
    {
        var zone = AuthoritativeHarness.Build("lab.test.", BigZone(names));
        var writer = new TransferWriter(0x4242, zone.Origin, RecordType.AXFR, tsig);
        var messages = new List<byte[]>();
        await writer.WriteAsync(TransferStage.Axfr(zone), m =>
        {
            messages.Add(m.ToArray());
            return ValueTask.CompletedTask;
        });
        return messages;
    }

    [Fact]
    public async Task WriteAsync_LargeZone_SplitsIntoMessagesUnder64K()
    {
        var messages = await WriteAsync(10_000, null);

        Assert.True(messages.Count > 1);
        Assert.All(messages, m => Assert.True(m.Length <= ushort.MaxValue));
        var parsed = messages.Select(m => DnsMessage.Parse(m)).ToList();
        Assert.All(parsed, m => Assert.Equal(0x4242, m.Id));
        Assert.Single(parsed[0].Questions);
        Assert.All(parsed.Skip(1), m => Assert.Empty(m.Questions));
        var records = parsed.SelectMany(m => m.Answers).ToList();
        Assert.Equal(10_000 + 2 + 2, records.Count);
        Assert.Equal(RecordType.SOA, records[0].Type);
        Assert.Equal(RecordType.SOA, records[^1].Type);
    }

    [Fact]
    public async Task WriteAsync_Compression_NamesPointBackWithinMessage()
    {
        var message = (await WriteAsync(100, null)).Single();

        // 100 owners of ~20 octets each compressed to a label and a pointer: well under 100 × 20 + rdata.
        Assert.True(message.Length < 100 * (9 + 2 + 10 + 4) + 200);
    }

    [Fact]
    public async Task WriteAsync_Signed_EveryMessageChainsPriorMac()
    {
        var key = new TsigKey(DnsName.Parse("xfr-key."), TsigAlgorithm.HmacSha256, new byte[32]);
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        var requestMac = new byte[32];
        var messages = await WriteAsync(10_000, new TsigSession(key, time, requestMac));
        using var verifier = new TsigResponseVerifier(key, requestMac, time);

        Assert.True(messages.Count > 1);
        Assert.All(messages, m => Assert.Equal(TsigError.NoError, verifier.Verify(m)));
        Assert.True(verifier.AtSignedMessage);
    }
}
