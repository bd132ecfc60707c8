using DnsServer.Pipeline;
using DnsServer.Protocol;
using DnsServer.Protocol.Tsig;

namespace DnsServer.Authoritative.Transfers;

/// <summary>Takes a NOTIFY (RFC 1996) for a zone we copy from a primary.</summary>
internal interface INotifyReceiver
{
    /// <summary>Returns NOERROR when the NOTIFY is accepted (and a refresh scheduled), else the refusal.</summary>
    ResponseCode OnNotify(DnsName zone, ClientAddress client, TsigKey? key);
}
