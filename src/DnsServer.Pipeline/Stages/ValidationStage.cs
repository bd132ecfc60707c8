using DnsServer.Protocol;
using DnsServer.Protocol.Edns;

namespace DnsServer.Pipeline.Stages;

/// <summary>
/// Reads the query into the context and answers what no later stage should see: silence for
/// responses and runt packets, FORMERR for malformed queries, NOTIMP for opcodes we do not
/// serve, BADVERS for EDNS versions above 0 (RFC 6891 §6.1.3).
/// </summary>
public sealed class ValidationStage : IQueryMiddleware
{
    private readonly OpCode[] _opcodes;

    /// <summary>Serves QUERY only: every other opcode gets NOTIMP.</summary>
    public ValidationStage()
        : this([OpCode.Query])
    {
    }

    /// <summary>With <paramref name="acceptNotify"/>, NOTIFY (RFC 1996) passes on to a later stage too.</summary>
    public ValidationStage(bool acceptNotify)
        : this(acceptNotify ? [OpCode.Query, OpCode.Notify] : [OpCode.Query])
    {
    }

    /// <summary>Passes on the <paramref name="opcodes"/> given (QUERY, NOTIFY, UPDATE); every other opcode gets NOTIMP.</summary>
    public ValidationStage(IEnumerable<OpCode> opcodes)
    {
        _opcodes = [.. opcodes];
    }

    public ValueTask InvokeAsync(QueryContext context, QueryDelegate next)
    {
        var request = context.Request.Span;
        if (request.Length < DnsHeader.Size)
        {
            context.Drop = true;
            return ValueTask.CompletedTask;
        }

        var header = DnsHeader.Read(request);
        context.Header = header;
        if (header.IsResponse)
        {
            // RFC 1035 §7.3 and every peer: a response is never answered, or two servers loop.
            context.Drop = true;
            return ValueTask.CompletedTask;
        }

        var rcode = Parse(context, request, header);
        if (rcode != ResponseCode.NoError)
        {
            return Answer(context, rcode);
        }

        if (Array.IndexOf(_opcodes, header.OpCode) < 0)
        {
            return Answer(context, ResponseCode.NotImp);
        }

        if (context.HasEdns && context.Edns.Version > 0)
        {
            return Answer(context, ResponseCode.BadVers);
        }

        return next(context);
    }

    private static ValueTask Answer(QueryContext context, ResponseCode rcode)
    {
        context.Response.SetRcode(rcode);
        context.AnsweredBy = AnswerSource.Validation;
        ResponseWriter.Write(context);
        return ValueTask.CompletedTask;
    }

    private static ResponseCode Parse(QueryContext context, ReadOnlySpan<byte> request, DnsHeader header)
    {
        try
        {
            if (header.QuestionCount != 1)
            {
                return ResponseCode.FormErr;
            }

            var reader = new DnsMessageReader(request);
            reader.ReadHeader();
            var question = reader.ReadQuestion(context.QNameBuffer);
            context.LowerQName(question.NameLength);
            context.QType = question.Type;
            context.QClass = question.Class;
            context.QuestionEnd = reader.Position;
            context.HasQuestion = true;
            return ReadRecords(context, ref reader, header);
        }
        catch (DnsFormatException)
        {
            return ResponseCode.FormErr;
        }
    }

    // The scratch buffer is written before it is read: not zeroing it saves a store per 32 bytes.
    [System.Runtime.CompilerServices.SkipLocalsInit]
    private static ResponseCode ReadRecords(QueryContext context, ref DnsMessageReader reader, DnsHeader header)
    {
        Span<byte> name = stackalloc byte[DnsName.MaxLength];
        int records = header.AnswerCount + header.AuthorityCount + header.AdditionalCount;
        int additionalStart = header.AnswerCount + header.AuthorityCount;
        for (int i = 0; i < records; i++)
        {
            var record = reader.ReadRecord(name);
            if (record.Type != RecordType.OPT)
            {
                context.HasTsig |= record.Type == RecordType.TSIG;
                continue;
            }

            // RFC 6891 §6.1.1: one OPT at most, in the additional section, owned by the root.
            if (i < additionalStart || context.HasEdns || record.NameLength != 1)
            {
                return ResponseCode.FormErr;
            }

            ReadOpt(context, reader.Message, record);
        }

        // Bytes after the last record mean the counts lie: a malformed message.
        return reader.AtEnd ? ResponseCode.NoError : ResponseCode.FormErr;
    }

    private static void ReadOpt(QueryContext context, ReadOnlySpan<byte> message, DnsRecordInfo record)
    {
        var edns = EdnsQueryInfo.Read(record, message);
        if (edns.HasCookie)
        {
            // RFC 7873 §5.2.2: a cookie of a length no cookie can have is FORMERR.
            _ = edns.GetCookie(message);
        }

        if (edns.HasClientSubnet)
        {
            // RFC 7871 §7.1.1: a malformed Client Subnet option is FORMERR.
            _ = edns.GetClientSubnet(message);
        }

        context.Edns = edns;
        context.HasEdns = true;
    }
}
