using DnsServer.Protocol;
using DnsServer.Protocol.Edns;

namespace DnsServer.Pipeline;

/// <summary>
/// Everything about one query as it passes the stages: the request as received and parsed, and
/// the response being built. Contexts are pooled per listener and reused, so nothing here is
/// allocated per query.
/// </summary>
public sealed class QueryContext
{
    /// <summary>RFC 1035 §4.2.2: a TCP message is at most 65,535 bytes.</summary>
    public const int MaxMessageSize = ushort.MaxValue;

    private readonly byte[] _qname = new byte[DnsName.MaxLength];
    private readonly byte[] _qnameLower = new byte[DnsName.MaxLength];
    // Pinned (on the pinned object heap) so that batching listeners can hand them to the kernel.
    private readonly byte[] _responseBuffer = GC.AllocateUninitializedArray<byte>(MaxMessageSize, pinned: true);
    private readonly byte[] _requestBuffer = GC.AllocateUninitializedArray<byte>(MaxMessageSize, pinned: true);

    public QueryContext()
    {
        Response = new ResponseBuilder();
    }

    public TransportKind Transport { get; set; }

    public ClientAddress Client { get; set; }

    /// <summary>The request as received; valid until the transport reuses its buffer.</summary>
    public ReadOnlyMemory<byte> Request { get; private set; }

    public DnsHeader Header { get; set; }

    /// <summary>True once the question has been read (it may be absent from a malformed query).</summary>
    public bool HasQuestion { get; set; }

    /// <summary>The QNAME in wire form, as the client wrote it (its case is echoed back).</summary>
    public ReadOnlySpan<byte> QName => _qname.AsSpan(0, QNameLength);

    /// <summary>The QNAME with ASCII letters lowered: the form every lookup uses.</summary>
    public ReadOnlySpan<byte> QNameLower => _qnameLower.AsSpan(0, QNameLength);

    public int QNameLength { get; private set; }

    public RecordType QType { get; set; }

    public RecordClass QClass { get; set; }

    /// <summary>The offset just after the question section in the request.</summary>
    public int QuestionEnd { get; set; }

    /// <summary>True when the query carried an OPT record (RFC 6891).</summary>
    public bool HasEdns { get; set; }

    /// <summary>What the query's OPT record asked for; meaningful when <see cref="HasEdns"/> is set.</summary>
    public EdnsQueryInfo Edns { get; set; }

    /// <summary>True when the query carries a TSIG record (RFC 8945); a later stage checks it.</summary>
    public bool HasTsig { get; set; }

    /// <summary>Set by the access stage: the client may use the recursive resolver.</summary>
    public bool RecursionAllowed { get; set; }

    public ResponseBuilder Response { get; }

    public AnswerSource AnsweredBy { get; set; }

    /// <summary>The response as written by the finalizer; empty when nothing is to be sent.</summary>
    public ReadOnlySpan<byte> ResponseBytes => _responseBuffer.AsSpan(0, ResponseLength);

    public ReadOnlyMemory<byte> ResponseMemory => _responseBuffer.AsMemory(0, ResponseLength);

    public int ResponseLength { get; set; }

    /// <summary>
    /// When the transport read the request, as a <see cref="System.Diagnostics.Stopwatch"/>
    /// timestamp (the clock of <see cref="TimeProvider.System"/>); 0 when it did not say. One read
    /// brings a batch of requests, so one timestamp serves them all, and the time a request waits
    /// behind the others of its batch counts as its own.
    /// </summary>
    public long ReceivedTimestamp { get; set; }

    /// <summary>Set when the query gets no answer at all (a response packet, a header too short).</summary>
    public bool Drop { get; set; }

    /// <summary>
    /// The connection's message stream, set by stream transports after <see cref="Reset(int, TransportKind, ClientAddress)"/>;
    /// null over UDP. A stage that streams its answer sets <see cref="Drop"/> so nothing more is sent.
    /// </summary>
    public IResponseStream? Stream { get; set; }

    /// <summary>Sets the response to a message a stage wrote itself (bypassing the response builder).</summary>
    public void SetResponse(ReadOnlySpan<byte> message)
    {
        message.CopyTo(_responseBuffer);
        ResponseLength = message.Length;
    }

    internal Span<byte> ResponseBuffer => _responseBuffer;

    /// <summary>
    /// The context's own request buffer: a transport receives into it, then calls
    /// <see cref="Reset(int, TransportKind, ClientAddress)"/>. Owning it lets a query that waits
    /// (recursion) keep its bytes while the listener goes on with a new context.
    /// </summary>
    public Memory<byte> RequestBuffer => _requestBuffer;

    /// <summary>Clears the context for a request just received into <see cref="RequestBuffer"/>.</summary>
    public void Reset(int requestLength, TransportKind transport, ClientAddress client) =>
        Reset(_requestBuffer.AsMemory(0, requestLength), transport, client);

    /// <summary>Clears the context for the next query and points it at the new request.</summary>
    public void Reset(ReadOnlyMemory<byte> request, TransportKind transport, ClientAddress client)
    {
        Request = request;
        Transport = transport;
        Client = client;
        Header = default;
        HasQuestion = false;
        QNameLength = 0;
        QType = 0;
        QClass = 0;
        QuestionEnd = 0;
        HasEdns = false;
        HasTsig = false;
        Edns = default;
        RecursionAllowed = false;
        AnsweredBy = AnswerSource.None;
        ResponseLength = 0;
        Drop = false;
        ReceivedTimestamp = 0;
        Stream = null;
        Response.Clear();
    }

    /// <summary>Writable access to the QNAME buffer, so the reader can decode straight into it.</summary>
    internal Span<byte> QNameBuffer => _qname;

    internal void LowerQName(int length)
    {
        DnsNameWire.ToLower(_qname.AsSpan(0, length), _qnameLower);
        QNameLength = length;
    }
}
