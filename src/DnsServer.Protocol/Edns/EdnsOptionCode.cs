namespace DnsServer.Protocol.Edns;

/// <summary>EDNS option codes (IANA "DNS EDNS0 Option Codes" registry).</summary>
public static class EdnsOptionCode
{
    /// <summary>Name server identifier (RFC 5001 §2.3).</summary>
    public const ushort Nsid = 3;

    /// <summary>EDNS Client Subnet (RFC 7871 §6).</summary>
    public const ushort ClientSubnet = 8;

    /// <summary>DNS cookies (RFC 7873 §4).</summary>
    public const ushort Cookie = 10;

    /// <summary>TCP keepalive (RFC 7828 §3.1).</summary>
    public const ushort TcpKeepalive = 11;

    /// <summary>Padding (RFC 7830 §4).</summary>
    public const ushort Padding = 12;

    /// <summary>Extended DNS errors (RFC 8914 §2).</summary>
    public const ushort ExtendedError = 15;
}

/// <summary>One EDNS option as carried in OPT RDATA (RFC 6891 §6.1.2): a code and its octets.</summary>
public readonly record struct EdnsOption(ushort Code, ReadOnlyMemory<byte> Data)
{
    public bool Equals(EdnsOption other) => Code == other.Code && Data.Span.SequenceEqual(other.Data.Span);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Code);
        hash.AddBytes(Data.Span);
        return hash.ToHashCode();
    }
}
