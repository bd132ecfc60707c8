using System.Globalization;
using DnsServer.Protocol.Text;

namespace DnsServer.Protocol.Records;

/// <summary>Builds RDATA from the presentation-format tokens of one zone-file record.</summary>
public static class RDataParser
{
    /// <summary>
    /// Parses the RDATA fields of a record of <paramref name="type"/>. Relative names are completed
    /// with <paramref name="origin"/>; <c>@</c> is the origin. The RFC 3597 §5 generic form
    /// <c>\# length hex</c> is accepted for every type and decoded into the typed class when there is one.
    /// </summary>
    public static RData Parse(RecordType type, ReadOnlySpan<ZoneToken> tokens, DnsName origin)
    {
        var cursor = new TokenCursor(type, tokens, origin);
        if (!tokens.IsEmpty && !tokens[0].Quoted && tokens[0].Text == @"\#")
        {
            return ParseGeneric(ref cursor);
        }

        if (type is RecordType.OPT or RecordType.ANY or RecordType.AXFR or RecordType.IXFR
            or RecordType.MAILA or RecordType.MAILB or RecordType.TSIG or RecordType.TKEY)
        {
            throw new DnsFormatException($"{RecordTypeText.ToText(type)} is a meta-type and cannot appear in a zone");
        }

        if (!RDataReader.IsKnown(type))
        {
            throw new DnsFormatException($"{RecordTypeText.ToText(type)} has no presentation format here; use the generic \\# form");
        }

        var data = ParseFields(ref cursor);
        cursor.EnsureEnd();
        return data;
    }

    private static RData ParseGeneric(ref TokenCursor cursor)
    {
        cursor.Next("generic marker");
        string lengthText = cursor.NextPlain("generic length");
        if (!ushort.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out ushort length))
        {
            throw cursor.Error("generic length", $"is not a number from 0 to 65535: {lengthText}");
        }

        byte[] data = cursor.RestHex("generic data", allowEmpty: true);
        if (data.Length != length)
        {
            throw cursor.Error("generic data", $"has {data.Length} octets but the length says {length}");
        }

        try
        {
            return RDataReader.ReadUncompressed(cursor.Type, data);
        }
        catch (DnsFormatException e)
        {
            throw new DnsFormatException($"generic data is not valid {RecordTypeText.ToText(cursor.Type)} RDATA: {e.Message}", e);
        }
    }

    private static RData ParseFields(ref TokenCursor cursor) => cursor.Type switch
    {
        RecordType.A => ARData.Parse(ref cursor),
        RecordType.AAAA => AaaaRData.Parse(ref cursor),
        RecordType.NS or RecordType.CNAME or RecordType.DNAME or RecordType.PTR or RecordType.MD
            or RecordType.MF or RecordType.MB or RecordType.MG or RecordType.MR => SingleNameRData.Parse(ref cursor),
        RecordType.MINFO => MInfoRData.Parse(ref cursor),
        RecordType.SOA => SoaRData.Parse(ref cursor),
        RecordType.MX => MxRData.Parse(ref cursor),
        RecordType.TXT => TxtRData.Parse(ref cursor),
        RecordType.SPF => SpfRData.Parse(ref cursor),
        RecordType.HINFO => HInfoRData.Parse(ref cursor),
        RecordType.SRV => SrvRData.Parse(ref cursor),
        RecordType.NAPTR => NaptrRData.Parse(ref cursor),
        RecordType.CAA => CaaRData.Parse(ref cursor),
        RecordType.SSHFP => SshfpRData.Parse(ref cursor),
        RecordType.TLSA or RecordType.SMIMEA => CertificateAssociationRData.Parse(ref cursor),
        RecordType.SVCB or RecordType.HTTPS => ServiceBindingRData.Parse(ref cursor),
        RecordType.DS or RecordType.CDS => DelegationSignerRDataBase.Parse(ref cursor),
        RecordType.DNSKEY or RecordType.CDNSKEY => DnsKeyRDataBase.Parse(ref cursor),
        RecordType.RRSIG => RrsigRData.Parse(ref cursor),
        RecordType.NSEC => NsecRData.Parse(ref cursor),
        RecordType.NSEC3 => Nsec3RData.Parse(ref cursor),
        RecordType.NSEC3PARAM => Nsec3ParamRData.Parse(ref cursor),
        _ => throw new DnsFormatException($"{RecordTypeText.ToText(cursor.Type)} has no presentation format"),
    };
}
