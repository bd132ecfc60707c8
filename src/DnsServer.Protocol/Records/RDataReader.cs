namespace DnsServer.Protocol.Records;

/// <summary>Decodes the RDATA of a record from the message that holds it.</summary>
public static class RDataReader
{
    /// <summary>
    /// Decodes <paramref name="length"/> octets of RDATA at <paramref name="offset"/> in
    /// <paramref name="message"/>. Names in RFC 1035 types (and SRV, NAPTR, per RFC 3597 §4) may
    /// be compressed; every field must end exactly at the RDATA's end. Malformed data raises
    /// <see cref="DnsFormatException"/> and nothing else.
    /// </summary>
    public static RData Read(RecordType type, ReadOnlySpan<byte> message, int offset, int length) =>
        Read(type, message, offset, length, allowPointers: true);

    /// <summary>Decodes RDATA that stands alone (the generic <c>\#</c> form), where no pointer can be valid.</summary>
    public static RData ReadUncompressed(RecordType type, ReadOnlySpan<byte> data) =>
        Read(type, data, 0, data.Length, allowPointers: false);

    private static RData Read(RecordType type, ReadOnlySpan<byte> message, int offset, int length, bool allowPointers)
    {
        var cursor = new RDataCursor(type, message, offset, length, allowPointers && MayBeCompressed(type));
        var data = ReadFields(type, ref cursor);
        cursor.EnsureEnd();
        return data;
    }

    /// <summary>
    /// RFC 3597 §4: a receiver decompresses names in the well-known RFC 1035 types, and should also
    /// in SRV and NAPTR, which some old servers compressed. Elsewhere a pointer is an error.
    /// </summary>
    public static bool MayBeCompressed(RecordType type) => type is RecordType.NS or RecordType.MD or RecordType.MF
        or RecordType.CNAME or RecordType.SOA or RecordType.MB or RecordType.MG or RecordType.MR or RecordType.PTR
        or RecordType.MINFO or RecordType.MX or RecordType.SRV or RecordType.NAPTR;

    /// <summary>True when the codec has a typed class for <paramref name="type"/>.</summary>
    public static bool IsKnown(RecordType type) => type is RecordType.A or RecordType.AAAA or RecordType.NS
        or RecordType.CNAME or RecordType.DNAME or RecordType.PTR or RecordType.MD or RecordType.MF or RecordType.MB
        or RecordType.MG or RecordType.MR or RecordType.MINFO or RecordType.SOA or RecordType.MX or RecordType.TXT
        or RecordType.SPF or RecordType.HINFO or RecordType.SRV or RecordType.NAPTR or RecordType.CAA
        or RecordType.SSHFP or RecordType.TLSA or RecordType.SMIMEA or RecordType.SVCB or RecordType.HTTPS
        or RecordType.DS or RecordType.CDS or RecordType.DNSKEY or RecordType.CDNSKEY or RecordType.RRSIG
        or RecordType.NSEC or RecordType.NSEC3 or RecordType.NSEC3PARAM;

    private static RData ReadFields(RecordType type, ref RDataCursor cursor) => type switch
    {
        RecordType.A => ARData.Read(ref cursor),
        RecordType.AAAA => AaaaRData.Read(ref cursor),
        RecordType.NS or RecordType.CNAME or RecordType.DNAME or RecordType.PTR or RecordType.MD
            or RecordType.MF or RecordType.MB or RecordType.MG or RecordType.MR => SingleNameRData.Read(type, ref cursor),
        RecordType.MINFO => MInfoRData.Read(ref cursor),
        RecordType.SOA => SoaRData.Read(ref cursor),
        RecordType.MX => MxRData.Read(ref cursor),
        RecordType.TXT => TxtRData.Read(ref cursor),
        RecordType.SPF => SpfRData.Read(ref cursor),
        RecordType.HINFO => HInfoRData.Read(ref cursor),
        RecordType.SRV => SrvRData.Read(ref cursor),
        RecordType.NAPTR => NaptrRData.Read(ref cursor),
        RecordType.CAA => CaaRData.Read(ref cursor),
        RecordType.SSHFP => SshfpRData.Read(ref cursor),
        RecordType.TLSA or RecordType.SMIMEA => CertificateAssociationRData.Read(type, ref cursor),
        RecordType.SVCB or RecordType.HTTPS => ServiceBindingRData.Read(type, ref cursor),
        RecordType.DS or RecordType.CDS => DelegationSignerRDataBase.Read(type, ref cursor),
        RecordType.DNSKEY or RecordType.CDNSKEY => DnsKeyRDataBase.Read(type, ref cursor),
        RecordType.RRSIG => RrsigRData.Read(ref cursor),
        RecordType.NSEC => NsecRData.Read(ref cursor),
        RecordType.NSEC3 => Nsec3RData.Read(ref cursor),
        RecordType.NSEC3PARAM => Nsec3ParamRData.Read(ref cursor),
        _ => new UnknownRData(type, cursor.ReadRest()),
    };
}
