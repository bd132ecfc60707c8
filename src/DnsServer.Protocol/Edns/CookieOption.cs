namespace DnsServer.Protocol.Edns;

/// <summary>
/// The COOKIE option (RFC 7873 §4): an 8-octet client cookie, optionally followed by a server
/// cookie of 8 to 32 octets. Spans point into the message, so reading it allocates nothing.
/// </summary>
public readonly ref struct CookieOption
{
    /// <summary>RFC 7873 §4: the client cookie is exactly 8 octets.</summary>
    public const int ClientCookieLength = 8;

    /// <summary>RFC 7873 §4: a server cookie is 8 to 32 octets.</summary>
    public const int MinServerCookieLength = 8;

    public const int MaxServerCookieLength = 32;

    public CookieOption(ReadOnlySpan<byte> clientCookie, ReadOnlySpan<byte> serverCookie)
    {
        if (clientCookie.Length != ClientCookieLength
            || (!serverCookie.IsEmpty && serverCookie.Length is < MinServerCookieLength or > MaxServerCookieLength))
        {
            throw new DnsFormatException("COOKIE option has a client cookie other than 8 octets or a server cookie outside 8..32");
        }

        ClientCookie = clientCookie;
        ServerCookie = serverCookie;
    }

    public ReadOnlySpan<byte> ClientCookie { get; }

    /// <summary>Empty when the client sent only its own cookie.</summary>
    public ReadOnlySpan<byte> ServerCookie { get; }

    /// <summary>Decodes option data; a length other than 8 or 16..40 is FORMERR (RFC 7873 §5.2.2).</summary>
    public static CookieOption Read(ReadOnlySpan<byte> data)
    {
        if (data.Length < ClientCookieLength)
        {
            throw new DnsFormatException("COOKIE option shorter than a client cookie");
        }

        return new CookieOption(data[..ClientCookieLength], data[ClientCookieLength..]);
    }

    public void WriteOption(ref DnsMessageWriter writer)
    {
        writer.WriteUInt16(EdnsOptionCode.Cookie);
        writer.WriteUInt16((ushort)(ClientCookie.Length + ServerCookie.Length));
        writer.WriteBytes(ClientCookie);
        writer.WriteBytes(ServerCookie);
    }
}
