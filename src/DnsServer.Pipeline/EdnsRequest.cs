namespace DnsServer.Pipeline;

/// <summary>What the query's OPT record asked for (RFC 6891 §6.1.2), read without allocating.</summary>
public struct EdnsRequest
{
    public bool Present { get; set; }

    /// <summary>The requestor's UDP payload size; RFC 6891 §6.2.5 treats values below 512 as 512.</summary>
    public ushort UdpPayloadSize { get; set; }

    public byte Version { get; set; }

    public bool DnssecOk { get; set; }

    /// <summary>Offset and length in the request of the EDNS Client Subnet option data (RFC 7871), or 0.</summary>
    public int ClientSubnetOffset { get; set; }

    public int ClientSubnetLength { get; set; }

    /// <summary>Offset and length in the request of the COOKIE option data (RFC 7873), or 0.</summary>
    public int CookieOffset { get; set; }

    public int CookieLength { get; set; }
}
