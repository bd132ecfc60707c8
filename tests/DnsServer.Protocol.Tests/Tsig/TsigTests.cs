using System.Buffers.Binary;
using DnsServer.Protocol.Tsig;
using Microsoft.Extensions.Time.Testing;

namespace DnsServer.Protocol.Tests.Tsig;

/// <summary>
/// TSIG (RFC 8945) against messages signed by dnspython 2.3 with key <c>xfr-key.</c>
/// (hmac-sha256, secret bytes 0..31) at time 1,700,000,000, fudge 300: an AXFR query for
/// <c>example.</c> and two chained response messages.
/// </summary>
public sealed class TsigTests
{
    private const long SignedAt = 1_700_000_000;

    private const string Query = "123401000001000000000001076578616d706c650000fc0001077866722d6b65790000fa00ff00000000003d0b686d61632d7368613235360000006553f100012c00208cc09a783b9eb4cf8a211f44d0affd931a77d84c620cb4b5187a8b87c3630389123400000000";

    private const string Response1 = "123481000001000100000001076578616d706c650000fc0001c00c0006000100000e10001e026e730004686f7374000000000100000002000000030000000400000005077866722d6b65790000fa00ff00000000003d0b686d61632d7368613235360000006553f100012c0020cd4aa1f23d4c802a61e580685bbf78446485d9acdd60e1056e9064bf9c399de6123400000000";

    private const string Response2 = "123481000001000200000001076578616d706c650000fc00010161c00c0001000100000e100004c0000201c00c0006000100000e10001e026e730004686f7374000000000100000002000000030000000400000005077866722d6b65790000fa00ff00000000003d0b686d61632d7368613235360000006553f100012c002040b90d741e0943f405af70c9cdd5e2ed40548c99c015ab44d150dad4db2f132f123400000000";

    private static readonly TsigKey Key = TsigKey.Parse("xfr-key", "hmac-sha256", Convert.ToBase64String([.. Enumerable.Range(0, 32).Select(i => (byte)i)]));

    private static readonly TsigKeyRing Keys = new([Key]);

    private static FakeTimeProvider At(long seconds) => new(DateTimeOffset.FromUnixTimeSeconds(seconds));

    [Fact]
    public void VerifyRequest_DnspythonSignedQuery_IsValid()
    {
        var result = TsigSigner.VerifyRequest(Convert.FromHexString(Query), Keys, At(SignedAt + 10));

        Assert.True(result.IsValid);
        Assert.Equal(Key, result.Key);
    }

    [Fact]
    public void Sign_SameQueryAndTime_MatchesDnspythonBytes()
    {
        var expected = Convert.FromHexString(Query);
        var record = FindTsig(expected);
        var buffer = new byte[512];
        var unsigned = TsigSigner.WithoutTsig(expected, record.Offset);
        unsigned.CopyTo(buffer, 0);

        int length = new TsigSession(Key, At(SignedAt)).Sign(buffer, unsigned.Length);

        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(buffer, 0, length));
    }

    [Fact]
    public void TsigSession_ChainedResponses_MatchDnspythonBytes()
    {
        var requestMac = FindTsig(Convert.FromHexString(Query)).Mac;
        var session = new TsigSession(Key, At(SignedAt), requestMac);

        foreach (var hex in new[] { Response1, Response2 })
        {
            var expected = Convert.FromHexString(hex);
            var unsigned = TsigSigner.WithoutTsig(expected, FindTsig(expected).Offset);
            var buffer = new byte[512];
            unsigned.CopyTo(buffer, 0);
            int length = session.Sign(buffer, unsigned.Length);
            Assert.Equal(hex.ToUpperInvariant(), Convert.ToHexString(buffer, 0, length));
        }
    }

    [Fact]
    public void ResponseVerifier_DnspythonStream_AcceptsChain()
    {
        var requestMac = FindTsig(Convert.FromHexString(Query)).Mac;
        using var verifier = new TsigResponseVerifier(Key, requestMac, At(SignedAt));

        Assert.Equal(TsigError.NoError, verifier.Verify(Convert.FromHexString(Response1)));
        Assert.Equal(TsigError.NoError, verifier.Verify(Convert.FromHexString(Response2)));
        Assert.True(verifier.AtSignedMessage);
    }

    [Fact]
    public void ResponseVerifier_MessagesOutOfOrder_BadSig()
    {
        var requestMac = FindTsig(Convert.FromHexString(Query)).Mac;
        using var verifier = new TsigResponseVerifier(Key, requestMac, At(SignedAt));

        Assert.Equal(TsigError.BadSig, verifier.Verify(Convert.FromHexString(Response2)));
    }

    [Fact]
    public void ResponseVerifier_UnsignedMiddleMessage_CoveredByNextMac()
    {
        var requestMac = new byte[32];
        var server = new TsigSession(Key, At(SignedAt), requestMac);
        var first = SignedCopy(server, Convert.FromHexString(Response1));
        var middle = TsigSigner.WithoutTsig(Convert.FromHexString(Response2), FindTsig(Convert.FromHexString(Response2)).Offset);
        var last = SignedAfterUnsigned(Convert.FromHexString(Response1), middle, server.LastMac!);
        using var verifier = new TsigResponseVerifier(Key, requestMac, At(SignedAt));

        Assert.Equal(TsigError.NoError, verifier.Verify(first));
        Assert.Equal(TsigError.NoError, verifier.Verify(middle));
        Assert.False(verifier.AtSignedMessage);
        Assert.Equal(TsigError.NoError, verifier.Verify(last));
        Assert.True(verifier.AtSignedMessage);
    }

    [Fact]
    public void VerifyRequest_FlippedByte_BadSig()
    {
        var query = Convert.FromHexString(Query);
        query[15] ^= 0x20;

        Assert.Equal(TsigError.BadSig, TsigSigner.VerifyRequest(query, Keys, At(SignedAt)).Error);
    }

    [Fact]
    public void VerifyRequest_UnknownKey_BadKey()
    {
        var other = new TsigKeyRing([Key with { Name = DnsName.Parse("other.") }]);

        Assert.Equal(TsigError.BadKey, TsigSigner.VerifyRequest(Convert.FromHexString(Query), other, At(SignedAt)).Error);
    }

    [Fact]
    public void VerifyRequest_AlgorithmDiffersFromKey_BadKey()
    {
        var sha1 = new TsigKeyRing([Key with { Algorithm = TsigAlgorithm.HmacSha1 }]);

        Assert.Equal(TsigError.BadKey, TsigSigner.VerifyRequest(Convert.FromHexString(Query), sha1, At(SignedAt)).Error);
    }

    [Theory]
    [InlineData(301)]
    [InlineData(-301)]
    public void VerifyRequest_ClockBeyondFudge_BadTime(int skew)
    {
        Assert.Equal(TsigError.BadTime, TsigSigner.VerifyRequest(Convert.FromHexString(Query), Keys, At(SignedAt + skew)).Error);
    }

    [Fact]
    public void VerifyRequest_Unsigned_ReportsUnsigned()
    {
        var query = Convert.FromHexString(Query);
        var unsigned = TsigSigner.WithoutTsig(query, FindTsig(query).Offset);

        Assert.False(TsigSigner.VerifyRequest(unsigned, Keys, At(SignedAt)).IsSigned);
    }

    [Theory]
    [InlineData(TsigAlgorithm.HmacSha1)]
    [InlineData(TsigAlgorithm.HmacSha256)]
    [InlineData(TsigAlgorithm.HmacSha384)]
    [InlineData(TsigAlgorithm.HmacSha512)]
    public void Sign_EachAlgorithm_VerifiesWithSameKey(TsigAlgorithm algorithm)
    {
        var key = Key with { Algorithm = algorithm };
        var query = Convert.FromHexString(Query);
        var unsigned = TsigSigner.WithoutTsig(query, FindTsig(query).Offset);
        var buffer = new byte[512];
        unsigned.CopyTo(buffer, 0);
        int length = new TsigSession(key, At(SignedAt)).Sign(buffer, unsigned.Length);

        var result = TsigSigner.VerifyRequest(buffer.AsSpan(0, length), new TsigKeyRing([key]), At(SignedAt));

        Assert.True(result.IsValid);
        Assert.Equal(TsigAlgorithms.MacLength(algorithm), result.Record!.Mac.Length);
    }

    [Fact]
    public void TryFind_TsigNotLast_FormatError()
    {
        var query = Convert.FromHexString(Query);
        BinaryPrimitives.WriteUInt16BigEndian(query.AsSpan(10), 0);
        BinaryPrimitives.WriteUInt16BigEndian(query.AsSpan(6), 1);

        Assert.Throws<DnsFormatException>(() => TsigRecord.TryFind(query, out _));
    }

    private static TsigRecord FindTsig(byte[] message)
    {
        Assert.True(TsigRecord.TryFind(message, out var record));
        return record!;
    }

    private static byte[] SignedCopy(TsigSession session, byte[] signed)
    {
        var unsigned = TsigSigner.WithoutTsig(signed, FindTsig(signed).Offset);
        var buffer = new byte[512];
        unsigned.CopyTo(buffer, 0);
        int length = session.Sign(buffer, unsigned.Length);
        return buffer[..length];
    }

    private static byte[] SignedAfterUnsigned(byte[] template, byte[] middle, byte[] priorMac)
    {
        var unsigned = TsigSigner.WithoutTsig(template, FindTsig(template).Offset);
        using var hmac = TsigAlgorithms.CreateHmac(Key);
        var lengthPrefix = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(lengthPrefix, (ushort)priorMac.Length);
        hmac.AppendData(lengthPrefix);
        hmac.AppendData(priorMac);
        hmac.AppendData(middle);
        hmac.AppendData(unsigned);
        var timers = new byte[8];
        TsigSigner.WriteTime(timers, SignedAt);
        BinaryPrimitives.WriteUInt16BigEndian(timers.AsSpan(6), 300);
        hmac.AppendData(timers);
        var mac = hmac.GetHashAndReset();
        var buffer = new byte[512];
        unsigned.CopyTo(buffer, 0);
        int length = TsigSigner.AppendRecord(buffer, unsigned.Length, Key.Name, Key.AlgorithmName, mac, new TsigVariables(0x1234, SignedAt, 300, TsigError.NoError, default));
        return buffer[..length];
    }
}
