using DnsServer.Protocol;

namespace DnsServer.Pipeline;

/// <summary>The response as the stages describe it, before the finalizer writes it to the wire.</summary>
public sealed class ResponseBuilder
{
    public ResponseCode Rcode { get; private set; }

    /// <summary>True once a stage has decided the response (an rcode or any data).</summary>
    public bool IsSet { get; private set; }

    /// <summary>AA (RFC 1035 §4.1.1): the answer comes from a zone we are authoritative for.</summary>
    public bool Authoritative { get; set; }

    public ResponseSection Answer { get; } = new();

    public ResponseSection Authority { get; } = new();

    public ResponseSection Additional { get; } = new();

    /// <summary>
    /// The number of leading additional RRsets that must fit or the response is truncated:
    /// glue for in-domain name servers of a referral (RFC 9471 §3).
    /// </summary>
    public int RequiredAdditionalCount { get; set; }

    /// <summary>
    /// An Extended DNS Error (RFC 8914 §2) sent as an OPT option when the query had EDNS; null for none.
    /// </summary>
    public ushort? ExtendedErrorCode { get; private set; }

    /// <summary>The EXTRA-TEXT of the extended error (RFC 8914 §2), UTF-8 on the wire; may be null.</summary>
    public string? ExtendedErrorText { get; private set; }

    /// <summary>
    /// The SCOPE PREFIX-LENGTH of the Client Subnet option echoed to a query that carried one
    /// (RFC 7871 §7.2.1): how much of the client's address the answer depended on. Null (the
    /// default) leaves the option out, as servers that do not use ECS do; a stage whose answer is
    /// ECS-aware (load-balancing policies) sets it, to 0 when the answer suits every client.
    /// </summary>
    public byte? ClientSubnetScope { get; set; }

    /// <summary>Sets the extended error (RFC 8914 §4 lists the codes, e.g. 22 No Reachable Authority).</summary>
    public void SetExtendedError(ushort code, string? text = null)
    {
        ExtendedErrorCode = code;
        ExtendedErrorText = text;
    }

    public void SetRcode(ResponseCode rcode)
    {
        Rcode = rcode;
        IsSet = true;
    }

    public void Clear()
    {
        Rcode = ResponseCode.NoError;
        IsSet = false;
        Authoritative = false;
        RequiredAdditionalCount = 0;
        ExtendedErrorCode = null;
        ExtendedErrorText = null;
        ClientSubnetScope = null;
        Answer.Clear();
        Authority.Clear();
        Additional.Clear();
    }
}
