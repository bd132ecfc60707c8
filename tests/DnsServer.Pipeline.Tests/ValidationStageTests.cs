using DnsServer.Protocol;

namespace DnsServer.Pipeline.Tests;

public sealed class ValidationStageTests
{
    [Fact]
    public void Query_NoStageAnswers_Refused()
    {
        var response = PipelineHarness.Response(PipelineHarness.Run(PipelineHarness.Query("www.example.test.", RecordType.A)));

        Assert.Equal(ResponseCode.Refused, response.ResponseCode);
        Assert.Equal(0x1234, response.Id);
        Assert.True(response.IsResponse);
        Assert.Equal("www.example.test.", response.Questions.Single().Name.ToString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(11)]
    public void Datagram_ShorterThanHeader_Dropped(int length)
    {
        var context = PipelineHarness.Run(new byte[length]);

        Assert.True(context.Drop);
        Assert.Equal(0, context.ResponseLength);
    }

    [Fact]
    public void Response_QRSet_Dropped()
    {
        var query = PipelineHarness.Query("example.test.", RecordType.A, flags: DnsHeader.QRFlag);

        Assert.True(PipelineHarness.Run(query).Drop);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void Query_QuestionCountNotOne_FormErr(int questions)
    {
        var query = PipelineHarness.Query("example.test.", RecordType.A);
        query[5] = (byte)questions;
        if (questions == 2)
        {
            // A second copy of the question, so only the count is wrong.
            query = [.. query, .. query.AsSpan(12)];
        }

        var response = PipelineHarness.Response(PipelineHarness.Run(query));

        Assert.Equal(ResponseCode.FormErr, response.ResponseCode);
    }

    [Fact]
    public void Query_TrailingBytes_FormErr()
    {
        byte[] query = [.. PipelineHarness.Query("example.test.", RecordType.A), 0, 0, 0];

        Assert.Equal(ResponseCode.FormErr, PipelineHarness.Response(PipelineHarness.Run(query)).ResponseCode);
    }

    [Fact]
    public void Query_PointerLoopInQuestion_FormErr()
    {
        byte[] query = [0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 12, 0, 1, 0, 1];

        var context = PipelineHarness.Run(query);

        Assert.Equal(ResponseCode.FormErr, PipelineHarness.Response(context).ResponseCode);
        Assert.Empty(PipelineHarness.Response(context).Questions);
    }

    [Fact]
    public void Query_OpcodeStatus_NotImp()
    {
        var query = PipelineHarness.Query("example.test.", RecordType.A, flags: (ushort)((int)OpCode.Status << 11));

        var response = PipelineHarness.Response(PipelineHarness.Run(query));

        Assert.Equal(ResponseCode.NotImp, response.ResponseCode);
        Assert.Equal(OpCode.Status, response.OpCode);
    }

    [Fact]
    public void Query_EdnsVersion1_BadVersWithOptVersion0()
    {
        var query = PipelineHarness.Query("example.test.", RecordType.A, ednsSize: 1232, ednsVersion: 1);

        var response = PipelineHarness.Response(PipelineHarness.Run(query));

        Assert.Equal(ResponseCode.BadVers, response.ResponseCode);
        Assert.NotNull(response.Opt);
        Assert.Equal(0, response.Opt!.Version);
    }

    [Fact]
    public void Query_TwoOptRecords_FormErr()
    {
        var query = PipelineHarness.Query("example.test.", RecordType.A, ednsSize: 1232);
        var opt = query.AsSpan(query.Length - 11).ToArray();
        query = [.. query, .. opt];
        query[11] = 2;

        Assert.Equal(ResponseCode.FormErr, PipelineHarness.Response(PipelineHarness.Run(query)).ResponseCode);
    }

    [Fact]
    public void Query_WithEdns_ResponseCarriesOptAndEchoesDo()
    {
        var query = PipelineHarness.Query("example.test.", RecordType.A, ednsSize: 4096);
        query[^4] = 0x80; // the high byte of the OPT flags: DO

        var response = PipelineHarness.Response(PipelineHarness.Run(query));

        Assert.NotNull(response.Opt);
        Assert.True(response.Opt!.DnssecOk);
        Assert.Equal(1232, response.Opt.UdpPayloadSize);
    }

    [Fact]
    public void EveryPrefixOfQuery_NeverThrows()
    {
        var query = PipelineHarness.Query("www.example.test.", RecordType.AAAA, ednsSize: 1232);
        for (int length = 0; length < query.Length; length++)
        {
            var context = PipelineHarness.Run(query[..length]);
            if (length < DnsHeader.Size)
            {
                Assert.True(context.Drop);
                continue;
            }

            Assert.Equal(ResponseCode.FormErr, PipelineHarness.Response(context).ResponseCode);
        }
    }
}
