using DnsServer.Protocol;
using DnsServer.Protocol.Records;

namespace DnsServer.Pipeline.Tests;

public sealed class ResponseWriterTests
{
    private static RRset TxtSet(string owner, int records, int size)
    {
        var data = Enumerable.Range(0, records)
            .Select(i => (RData)new TxtRData(new string((char)('a' + (i % 26)), size)))
            .ToArray();
        return new RRset(DnsName.Parse(owner), RecordType.TXT, RecordClass.IN, 300, data);
    }

    private static FixedAnswerStage Answering(params RRset[] answer) => new(context =>
    {
        context.Response.SetRcode(ResponseCode.NoError);
        context.Response.Authoritative = true;
        foreach (var set in answer)
        {
            context.Response.Answer.Add(ResponseRRset.From(set));
        }
    });

    [Fact]
    public void UdpWithoutEdns_AnswerOver512_TruncatedWithWholeRRsetsOnly()
    {
        var small = TxtSet("a.example.test.", 1, 100);
        var large = TxtSet("b.example.test.", 4, 200);
        var context = PipelineHarness.Run(PipelineHarness.Query("a.example.test.", RecordType.TXT), Answering(small, large));

        var response = PipelineHarness.Response(context);

        Assert.True(context.ResponseLength <= 512);
        Assert.True((response.Flags & DnsHeader.TCFlag) != 0);
        Assert.Single(response.Answers);
    }

    [Theory]
    [InlineData(512, 512)]
    [InlineData(100, 512)]
    [InlineData(1400, 1232)]
    [InlineData(4096, 1232)]
    public void UdpWithEdns_LimitIsClientSizeCappedAt1232(ushort clientSize, int limit)
    {
        var large = TxtSet("b.example.test.", 20, 200);
        var context = PipelineHarness.Run(PipelineHarness.Query("b.example.test.", RecordType.TXT, ednsSize: clientSize), Answering(large));

        var response = PipelineHarness.Response(context);

        Assert.True(context.ResponseLength <= limit);
        Assert.True((response.Flags & DnsHeader.TCFlag) != 0);
        Assert.NotNull(response.Opt);
    }

    [Fact]
    public void Tcp_LargeAnswer_NotTruncated()
    {
        var large = TxtSet("b.example.test.", 100, 200);
        var context = PipelineHarness.Run(PipelineHarness.Query("b.example.test.", RecordType.TXT), Answering(large), TransportKind.Tcp);

        var response = PipelineHarness.Response(context);

        Assert.True((response.Flags & DnsHeader.TCFlag) == 0);
        Assert.Equal(100, response.Answers.Count);
    }

    [Fact]
    public void Answer_OwnerMatchesQName_EchoesQueryCase()
    {
        var set = TxtSet("www.example.test.", 1, 10);
        var context = PipelineHarness.Run(PipelineHarness.Query("WwW.ExAmple.TEST.", RecordType.TXT), Answering(set));

        var response = PipelineHarness.Response(context);

        Assert.Equal("WwW.ExAmple.TEST.", response.Questions[0].Name.ToString());
        Assert.Equal("WwW.ExAmple.TEST.", response.Answers[0].Name.ToString());
        Assert.True((response.Flags & DnsHeader.AAFlag) != 0);
        Assert.True((response.Flags & DnsHeader.RDFlag) != 0);
        Assert.True((response.Flags & DnsHeader.RAFlag) == 0);
    }

    [Fact]
    public void Additional_DoesNotFit_DroppedWithoutTruncation()
    {
        var answer = TxtSet("a.example.test.", 1, 100);
        var extra = TxtSet("x.example.test.", 3, 200);
        var stage = new FixedAnswerStage(context =>
        {
            context.Response.SetRcode(ResponseCode.NoError);
            context.Response.Answer.Add(ResponseRRset.From(answer));
            context.Response.Additional.Add(ResponseRRset.From(extra));
        });

        var response = PipelineHarness.Response(PipelineHarness.Run(PipelineHarness.Query("a.example.test.", RecordType.TXT), stage));

        Assert.True((response.Flags & DnsHeader.TCFlag) == 0);
        Assert.Single(response.Answers);
        Assert.Empty(response.Additional);
    }

    [Fact]
    public void Section_SameRRsetAddedTwice_WrittenOnce()
    {
        var set = TxtSet("a.example.test.", 2, 10);
        var stage = new FixedAnswerStage(context =>
        {
            context.Response.SetRcode(ResponseCode.NoError);
            Assert.True(context.Response.Answer.Add(ResponseRRset.From(set)));
            Assert.False(context.Response.Answer.Add(ResponseRRset.From(set)));
        });

        var response = PipelineHarness.Response(PipelineHarness.Run(PipelineHarness.Query("a.example.test.", RecordType.TXT), stage));

        Assert.Equal(2, response.Answers.Count);
    }

    public static TheoryData<RecordType> ImageTypes => new() { RecordType.A, RecordType.AAAA, RecordType.TXT };

    private static RRset ImageSet(RecordType type, string owner, int count) => new(
        DnsName.Parse(owner),
        type,
        RecordClass.IN,
        300,
        [.. Enumerable.Range(1, count).Select(i => type switch
        {
            RecordType.A => (RData)new ARData((uint)(0x0A000000 + i)),
            RecordType.AAAA => new AaaaRData(System.Net.IPAddress.Parse($"2001:db8::{i:x}")),
            _ => new TxtRData($"text {i}", new string('x', i)),
        })]);

    private static byte[] Written(string qname, ResponseRRset rrset)
    {
        var context = PipelineHarness.Run(PipelineHarness.Query(qname, rrset.Type), new FixedAnswerStage(c =>
        {
            c.Response.SetRcode(ResponseCode.NoError);
            c.Response.Answer.Add(rrset);
        }));
        return context.ResponseBytes[..context.ResponseLength].ToArray();
    }

    [Theory]
    [MemberData(nameof(ImageTypes))]
    public void WireImage_SameBytesAsEncodingEachRecord(RecordType type)
    {
        var set = ImageSet(type, "www.Example.test.", 5);
        Assert.NotNull(set.RDataWire);

        var fromRecords = Written("WWW.example.TEST.", new ResponseRRset(set.Name, set.Type, set.Class, 60, set.RecordsMemory));
        var fromImage = Written("WWW.example.TEST.", ResponseRRset.From(set, 60));
        var atQName = Written("WWW.example.TEST.", ResponseRRset.From(set, 60) with { AtQName = true });

        Assert.Equal(fromRecords, fromImage);
        Assert.Equal(fromRecords, atQName);
    }

    [Fact]
    public void WireImage_OwnerOtherThanQName_WrittenWithItsName()
    {
        var set = ImageSet(RecordType.A, "target.example.test.", 2);

        var fromRecords = Written("alias.example.test.", new ResponseRRset(set.Name, set.Type, set.Class, set.Ttl, set.RecordsMemory));
        var fromImage = Written("alias.example.test.", ResponseRRset.From(set));

        Assert.Equal(fromRecords, fromImage);
        Assert.Equal(2, PipelineHarness.Response(PipelineHarness.Run(PipelineHarness.Query("alias.example.test.", RecordType.A), new FixedAnswerStage(c => c.Response.Answer.Add(ResponseRRset.From(set))))).Answers.Count);
    }

    [Fact]
    public void WireImage_RecordsReplacedByAShapingStage_NotUsed()
    {
        var set = ImageSet(RecordType.A, "www.example.test.", 3);
        var shaped = ResponseRRset.From(set) with { Records = set.RecordsMemory[1..] };

        var response = PipelineHarness.Response(PipelineHarness.Run(PipelineHarness.Query("www.example.test.", RecordType.A), new FixedAnswerStage(c => c.Response.Answer.Add(shaped))));

        Assert.Null(shaped.RDataWire);
        Assert.Equal(["10.0.0.2", "10.0.0.3"], response.Answers.Select(a => ((ARData)a.Data).Address.ToString()));
    }

    [Fact]
    public void WireImage_TypesWithNames_HaveNone()
    {
        var mx = new RRset(DnsName.Parse("example.test."), RecordType.MX, RecordClass.IN, 300, [new MxRData(10, DnsName.Parse("mail.example.test."))]);

        Assert.Null(mx.RDataWire);
    }
}
