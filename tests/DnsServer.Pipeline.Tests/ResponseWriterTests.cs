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
}
