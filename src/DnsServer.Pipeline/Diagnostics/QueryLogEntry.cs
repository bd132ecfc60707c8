using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using DnsServer.Protocol;

namespace DnsServer.Pipeline.Diagnostics;

/// <summary>
/// One query as the query log keeps it: plain fields and the QNAME's wire bytes in a fixed buffer,
/// copied from the context on the query path without allocating; turned into text later, on the
/// log's writer thread.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1815", Justification = "Entries are copied and formatted, never compared.")]
public struct QueryLogEntry
{
    private NameBytes _name;

    public long TimestampTicks { get; set; }

    public ClientAddress Client { get; set; }

    public TransportKind Transport { get; set; }

    public RecordType QType { get; set; }

    public ResponseCode Rcode { get; set; }

    public AnswerSource AnsweredBy { get; set; }

    public ushort Answers { get; set; }

    public ushort Authority { get; set; }

    public ushort Additional { get; set; }

    public bool Truncated { get; set; }

    public long LatencyMicros { get; set; }

    public int NameLength { get; set; }

    /// <summary>Copies what the log needs from a finished query.</summary>
    public static QueryLogEntry Capture(QueryContext context, ResponseCode rcode, AnswerSource answeredBy, long latencyMicros, long timestampTicks)
    {
        ArgumentNullException.ThrowIfNull(context);
        var entry = new QueryLogEntry
        {
            TimestampTicks = timestampTicks,
            Client = context.Client,
            Transport = context.Transport,
            QType = context.QType,
            Rcode = rcode,
            AnsweredBy = answeredBy,
            LatencyMicros = latencyMicros,
            NameLength = context.QNameLength,
        };
        context.QName.CopyTo(entry._name);
        var response = context.ResponseBytes;
        if (response.Length >= DnsHeader.Size)
        {
            entry.Truncated = (response[2] & 0x02) != 0;
            entry.Answers = BinaryPrimitives.ReadUInt16BigEndian(response[6..]);
            entry.Authority = BinaryPrimitives.ReadUInt16BigEndian(response[8..]);
            entry.Additional = BinaryPrimitives.ReadUInt16BigEndian(response[10..]);
        }

        return entry;
    }

    /// <summary>The QNAME in presentation form, or empty when the query had none.</summary>
    public readonly string QNameText() =>
        NameLength == 0 ? string.Empty : DnsNameWire.ToPresentation(((ReadOnlySpan<byte>)_name)[..NameLength]);

    /// <summary>
    /// Writes the QNAME in presentation form as ASCII, nothing when the query had none, without
    /// allocating; <see cref="DnsNameWire.MaxPresentationLength"/> bytes always suffice.
    /// </summary>
    public readonly bool TryFormatQName(Span<byte> utf8Destination, out int written)
    {
        if (NameLength == 0)
        {
            written = 0;
            return true;
        }

        return DnsNameWire.TryFormat(((ReadOnlySpan<byte>)_name)[..NameLength], utf8Destination, out written);
    }
}

/// <summary>Room for a name in wire form (RFC 1035 §2.3.4: at most 255 octets), inside the entry.</summary>
[InlineArray(DnsName.MaxLength)]
public struct NameBytes
{
    private byte _element;
}
