using DnsServer.Protocol.Records;

namespace DnsServer.Protocol.Tests;

public sealed class RDataRoundTripTests
{
    /// <summary>
    /// Each row: type, RDATA as written in a zone, and the presentation form dig prints for it
    /// (taken from dig 9.18 output against NSD serving the same text).
    /// </summary>
    public static TheoryData<string, string, string> Cases => new()
    {
        { "A", "192.0.2.1", "192.0.2.1" },
        { "AAAA", "2001:db8::1", "2001:db8::1" },
        { "AAAA", "::ffff:192.0.2.5", "::ffff:192.0.2.5" },
        { "AAAA", "2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1" },
        { "AAAA", "2001:DB8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1" },
        { "NS", "ns1", "ns1.example." },
        { "CNAME", "@", "example." },
        { "DNAME", "example.net.", "example.net." },
        { "PTR", "host.example.", "host.example." },
        { "MB", "mail", "mail.example." },
        { "MD", "a", "a.example." },
        { "MF", "a", "a.example." },
        { "MG", "a", "a.example." },
        { "MR", "a", "a.example." },
        { "MINFO", "admin errors", "admin.example. errors.example." },
        { "SOA", "ns1.example. hostmaster.example. 2024010101 7200 3600 1209600 300", "ns1.example. hostmaster.example. 2024010101 7200 3600 1209600 300" },
        { "SOA", "ns1 hostmaster 1 2h 1h 2w 5m", "ns1.example. hostmaster.example. 1 7200 3600 1209600 300" },
        { "MX", "10 mail", "10 mail.example." },
        { "TXT", "\"hello world\" \"a\\\"b\\\\c\" \"\\001\\255x\" \"semi;colon\" \"\"", "\"hello world\" \"a\\\"b\\\\c\" \"\\001\\255x\" \"semi;colon\" \"\"" },
        { "TXT", "plain", "\"plain\"" },
        { "SPF", "\"v=spf1 -all\"", "\"v=spf1 -all\"" },
        { "HINFO", "\"PC\" \"Linux 6\"", "\"PC\" \"Linux 6\"" },
        { "SRV", "10 60 5060 sip", "10 60 5060 sip.example." },
        { "NAPTR", "100 10 \"S\" \"SIP+D2U\" \"\" _sip._udp", "100 10 \"S\" \"SIP+D2U\" \"\" _sip._udp.example." },
        { "NAPTR", "100 10 \"u\" \"E2U+sip\" \"!^.*$!sip:info@example.com!\" .", "100 10 \"u\" \"E2U+sip\" \"!^.*$!sip:info@example.com!\" ." },
        { "CAA", "0 issue \"letsencrypt.org\"", "0 issue \"letsencrypt.org\"" },
        { "CAA", "128 tbs \"Unknown\"", "128 tbs \"Unknown\"" },
        { "SSHFP", "1 1 dd465c09cfa51fb45020cc83316fff21b9ec74ac", "1 1 DD465C09CFA51FB45020CC83316FFF21B9EC74AC" },
        { "SSHFP", "4 2 dd465c09cfa51fb45020cc83316fff21b9ec74acdd465c09cfa51fb45020cc83", "4 2 DD465C09CFA51FB45020CC83316FFF21B9EC74ACDD465C09CFA51FB4 5020CC83" },
        { "TLSA", "3 1 1 0c72ac70b745ac19998811b131d662c9ac69dbdbe7cb23e5b514b56664c5d3d6", "3 1 1 0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B566 64C5D3D6" },
        { "SMIMEA", "3 1 1 0c72ac70 b745ac19", "3 1 1 0C72AC70B745AC19" },
        { "SVCB", "1 . alpn=h2,h3 port=8443 ipv4hint=192.0.2.1,192.0.2.2 ipv6hint=2001:db8::1 mandatory=alpn,port", "1 . mandatory=alpn,port alpn=\"h2,h3\" port=8443 ipv4hint=192.0.2.1,192.0.2.2 ipv6hint=2001:db8::1" },
        { "SVCB", "0 svc.example.", "0 svc.example." },
        { "HTTPS", "1 . alpn=h2 no-default-alpn ech=AEn+DQBFKwAgACABWIHUGj4u+PIggYXcR5JF0gYk3dCRioBW8uJq9H4mKAAIAAEAAQABAANAEnB1YmxpYy50bHMtZWNoLmRldgAA key65000=abc", "1 . alpn=\"h2\" no-default-alpn ech=AEn+DQBFKwAgACABWIHUGj4u+PIggYXcR5JF0gYk3dCRioBW8uJq9H4mKAAIAAEAAQABAANAEnB1YmxpYy50bHMtZWNoLmRldgAA key65000=\"abc\"" },
        { "HTTPS", "2 svc key65001=\"a\\\\044b\\\"\"", "2 svc.example. key65001=\"a\\\\044b\\\"\"" },
        { "HTTPS", "1 . alpn=\"a\\\\,b,h3\"", "1 . alpn=\"a\\\\,b,h3\"" },
        { "DS", "60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118", "60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118" },
        { "DS", "31589 8 2 E2D3C916F6DEEAC73294E8268FB5885044A833FC5459588F4A9184CFC41A5766", "31589 8 2 E2D3C916F6DEEAC73294E8268FB5885044A833FC5459588F4A9184CF C41A5766" },
        { "CDS", "31589 8 2 E2D3C916F6DEEAC73294E8268FB5885044A833FC5459588F4A9184CF C41A5766", "31589 8 2 E2D3C916F6DEEAC73294E8268FB5885044A833FC5459588F4A9184CF C41A5766" },
        { "DNSKEY", "257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==", "257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+ KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==" },
        { "CDNSKEY", "257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+ KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==", "257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+ KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==" },
        { "RRSIG", "A 13 2 3600 20240201000000 20240101000000 12345 example. dGVzdHNpZ25hdHVyZXRlc3RzaWduYXR1cmV0ZXN0c2lnbmF0dXJldGVzdHNpZ25hdHVyZXRlc3RzaWduYXR1cmV0ZXN0c2lnbmF0dXJl", "A 13 2 3600 20240201000000 20240101000000 12345 example. dGVzdHNpZ25hdHVyZXRlc3RzaWduYXR1cmV0ZXN0c2lnbmF0dXJldGVz dHNpZ25hdHVyZXRlc3RzaWduYXR1cmV0ZXN0c2lnbmF0dXJl" },
        { "RRSIG", "TYPE65280 8 1 60 1706745600 1704067200 1 . AAAA", "TYPE65280 8 1 60 20240201000000 20240101000000 1 . AAAA" },
        { "NSEC", "host.example. A MX RRSIG NSEC TYPE1234", "host.example. A MX RRSIG NSEC TYPE1234" },
        { "NSEC", "host.example.", "host.example." },
        { "NSEC3", "1 1 12 AABBCCDD 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR A RRSIG", "1 1 12 AABBCCDD 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR A RRSIG" },
        { "NSEC3", "1 0 0 - 2t7b4g4vsa5smi47k61mv5bv1a22bojr", "1 0 0 - 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR" },
        { "NSEC3PARAM", "1 0 10 AABBCCDD", "1 0 10 AABBCCDD" },
        { "NSEC3PARAM", "1 0 0 -", "1 0 0 -" },
        { "TYPE65280", "\\# 4 0A000001", "\\# 4 0A000001" },
        { "TYPE65281", "\\# 0", "\\# 0" },
        { "TYPE65282", "\\# 40 0102030405060708090A0102030405060708090A0102030405060708090A0102030405060708090A", "\\# 40 0102030405060708090A0102030405060708090A0102030405060708 090A0102030405060708090A" },
        { "A", "\\# 4 C0000201", "192.0.2.1" },
        { "MX", "\\# 3 000A 00", "10 ." },
        { "TXT", "\\# 3 02 6869", "\"hi\"" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void RData_TextToWireToText_MatchesDig(string type, string zoneText, string expected)
    {
        var parsed = ZoneText.ParseRData(type, zoneText);
        Assert.Equal(expected, parsed.ToString());

        byte[] wire = WriteAlone(parsed);
        var decoded = RDataReader.Read(parsed.Type, wire, 0, wire.Length);
        Assert.Equal(parsed, decoded);
        Assert.Equal(parsed.GetHashCode(), decoded.GetHashCode());
        Assert.Equal(expected, decoded.ToString());

        var reparsed = ZoneText.ParseRData(type, expected);
        Assert.Equal(parsed, reparsed);
        Assert.Equal(wire, WriteAlone(reparsed));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void RData_GenericForm_ParsesToSameData(string type, string zoneText, string expected)
    {
        _ = expected;
        var parsed = ZoneText.ParseRData(type, zoneText);
        byte[] wire = WriteUncompressed(parsed);
        var generic = ZoneText.ParseRData(type, UnknownRData.ToGenericText(wire));
        Assert.Equal(parsed, generic);
    }

    /// <summary>
    /// Writes RDATA past offset 16,383, where the writer can neither point nor remember names,
    /// which gives the uncompressed form that the generic syntax carries.
    /// </summary>
    internal static byte[] WriteUncompressed(RData data)
    {
        var buffer = new byte[90000];
        var writer = new DnsMessageWriter(buffer);
        writer.WriteBytes(new byte[DnsMessageWriter.MaxPointerOffset + 1]);
        int start = writer.Position;
        data.WriteTo(ref writer);
        Assert.False(writer.Overflowed);
        return writer.Written[start..].ToArray();
    }

    internal static byte[] WriteAlone(RData data)
    {
        var buffer = new byte[70000];
        var writer = new DnsMessageWriter(buffer);
        data.WriteTo(ref writer);
        Assert.False(writer.Overflowed);
        return writer.Written.ToArray();
    }
}
