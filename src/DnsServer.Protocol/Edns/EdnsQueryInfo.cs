namespace DnsServer.Protocol.Edns;

/// <summary>
/// What a query's OPT record says, read without allocating (RFC 6891 §6.1): the fixed fields, and
/// where in the message the Client Subnet and COOKIE option data lie (offset 0: absent).
/// </summary>
public readonly record struct EdnsQueryInfo(
    ushort UdpPayloadSize,
    byte ExtendedRCodeHigh,
    byte Version,
    ushort Flags,
    int ClientSubnetOffset,
    int ClientSubnetLength,
    int CookieOffset,
    int CookieLength)
{
    public bool DnssecOk => (Flags & EdnsWire.DnssecOkFlag) != 0;

    public bool HasClientSubnet => ClientSubnetOffset > 0;

    public bool HasCookie => CookieOffset > 0;

    /// <summary>
    /// Reads the OPT record described by <paramref name="record"/> (from <see cref="DnsMessageReader.ReadRecord"/>).
    /// The owner must have been the root (name length 1, RFC 6891 §6.1.2), the options well framed,
    /// and Client Subnet and COOKIE each present at most once.
    /// </summary>
    public static EdnsQueryInfo Read(in DnsRecordInfo record, ReadOnlySpan<byte> message)
    {
        if (record.Type != RecordType.OPT)
        {
            throw new ArgumentException("the record is not an OPT record", nameof(record));
        }

        if (record.NameLength != 1)
        {
            throw new DnsFormatException("OPT owner is not the root");
        }

        if ((uint)(record.RDataOffset + record.RDataLength) > (uint)message.Length)
        {
            throw new DnsFormatException("OPT RDATA lies outside the message");
        }

        var rdata = message.Slice(record.RDataOffset, record.RDataLength);
        int offset = 0;
        int subnetOffset = 0, subnetLength = 0, cookieOffset = 0, cookieLength = 0;
        while (EdnsWire.TryReadOption(rdata, ref offset, out ushort code, out int dataOffset, out int dataLength))
        {
            if (code == EdnsOptionCode.ClientSubnet)
            {
                subnetOffset = subnetOffset == 0 ? record.RDataOffset + dataOffset : throw new DnsFormatException("two Client Subnet options");
                subnetLength = dataLength;
            }
            else if (code == EdnsOptionCode.Cookie)
            {
                cookieOffset = cookieOffset == 0 ? record.RDataOffset + dataOffset : throw new DnsFormatException("two COOKIE options");
                cookieLength = dataLength;
            }
        }

        var (high, version, flags) = EdnsWire.SplitTtl(record.Ttl);
        return new EdnsQueryInfo((ushort)record.Class, high, version, flags, subnetOffset, subnetLength, cookieOffset, cookieLength);
    }

    /// <summary>Decodes and checks the Client Subnet option; FORMERR conditions raise <see cref="DnsFormatException"/>.</summary>
    public ClientSubnet GetClientSubnet(ReadOnlySpan<byte> message) =>
        HasClientSubnet ? ClientSubnet.Read(message.Slice(ClientSubnetOffset, ClientSubnetLength))
            : throw new InvalidOperationException("no Client Subnet option");

    /// <summary>Decodes and checks the COOKIE option; a bad length raises <see cref="DnsFormatException"/>.</summary>
    public CookieOption GetCookie(ReadOnlySpan<byte> message) =>
        HasCookie ? CookieOption.Read(message.Slice(CookieOffset, CookieLength))
            : throw new InvalidOperationException("no COOKIE option");
}
