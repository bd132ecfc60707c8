using DnsServer.Authoritative.Zones;
using DnsServer.Pipeline;
using DnsServer.Protocol;
using DnsServer.Protocol.Records;
using DnsServer.Protocol.Tsig;
using Microsoft.Extensions.Logging;

namespace DnsServer.Authoritative.Transfers;

/// <summary>
/// Answers AXFR (RFC 5936) and IXFR (RFC 1995) queries, and NOTIFY (RFC 1996) for our secondary
/// zones; passes every other query on. Sits before the response finalizer: a transfer writes its
/// own messages, streamed over the TCP connection one at a time.
/// </summary>
internal sealed class TransferStage(
    TransferPolicy policy,
    IZoneJournal journal,
    Func<DnsName, Zone?> findZone,
    INotifyReceiver? notifyReceiver,
    TimeProvider time,
    ILogger logger) : IQueryMiddleware
{
    public ValueTask InvokeAsync(QueryContext context, QueryDelegate next)
    {
        bool notify = context.Header.OpCode == OpCode.Notify;
        bool transfer = !notify && context.QType is (RecordType.AXFR or RecordType.IXFR);
        if (!notify && !transfer && !context.HasTsig)
        {
            return next(context);
        }

        context.AnsweredBy = AnswerSource.Authoritative;
        TsigVerification tsig;
        try
        {
            tsig = TsigSigner.VerifyRequest(context.Request.Span, policy.Keys, time);
        }
        catch (DnsFormatException)
        {
            TransferResponses.Write(context, ResponseCode.FormErr, [], null);
            return ValueTask.CompletedTask;
        }

        if (tsig.IsSigned && !tsig.IsValid)
        {
            Log.TsigRejected(logger, context.Client.ToString(), tsig.Record!.KeyName.ToString(), tsig.Error.ToString());
            TransferResponses.WriteTsigError(context, tsig, time);
            return ValueTask.CompletedTask;
        }

        var session = tsig.IsValid ? new TsigSession(tsig.Key!, time, tsig.Record!.Mac) : null;
        var qname = DnsName.FromWire(context.QName);
        if (!notify && !transfer)
        {
            return session is null ? next(context) : SignAnswerAsync(context, next, session);
        }

        if (notify)
        {
            var rcode = notifyReceiver?.OnNotify(qname, context.Client, tsig.Key) ?? ResponseCode.Refused;
            TransferResponses.Write(context, rcode, [], session, DnsHeader.AAFlag);
            return ValueTask.CompletedTask;
        }

        return TransferAsync(context, qname, tsig.Key, session);
    }

    /// <summary>A signed ordinary query (a secondary's SOA check): answered as usual, then signed (RFC 8945 §5.3).</summary>
    private static async ValueTask SignAnswerAsync(QueryContext context, QueryDelegate next, TsigSession session)
    {
        await next(context).ConfigureAwait(false);
        if (context.Drop || context.ResponseLength == 0)
        {
            return;
        }

        var buffer = new byte[TransferWriter.MaxMessage];
        context.ResponseBytes.CopyTo(buffer);
        int length = session.Sign(buffer, context.ResponseLength);
        if (length > 0)
        {
            context.SetResponse(buffer.AsSpan(0, length));
        }
    }

    private ValueTask TransferAsync(QueryContext context, DnsName qname, TsigKey? key, TsigSession? session)
    {
        var zone = findZone(qname);
        if (zone is null)
        {
            // RFC 5936 §2.2.1: a zone we are not authoritative for is NOTAUTH.
            TransferResponses.Write(context, ResponseCode.NotAuth, [], session);
            return ValueTask.CompletedTask;
        }

        if (!policy.MayTransfer(zone.Origin, context.Client, key))
        {
            Log.TransferRefused(logger, context.QType.ToString(), zone.Origin.ToString(), context.Client.ToString());
            TransferResponses.Write(context, ResponseCode.Refused, [], session);
            return ValueTask.CompletedTask;
        }

        if (context.QType == RecordType.IXFR)
        {
            return IxfrAsync(context, zone, session);
        }

        if (context.Stream is null)
        {
            // RFC 5936 §4.2: AXFR is not defined over UDP; NOTIMP, as Knot answers it.
            TransferResponses.Write(context, ResponseCode.NotImp, [], session);
            return ValueTask.CompletedTask;
        }

        return StreamAsync(context, zone, RecordType.AXFR, Axfr(zone), session);
    }

    private ValueTask IxfrAsync(QueryContext context, Zone zone, TsigSession? session)
    {
        uint? clientSerial = ReadClientSerial(context.Request.Span);
        if (clientSerial is null)
        {
            // RFC 1995 §3: the query carries the client's SOA in the authority section.
            TransferResponses.Write(context, ResponseCode.FormErr, [], session);
            return ValueTask.CompletedTask;
        }

        var soa = ZoneDiff.SoaRecord(zone);
        if (SerialNumber.IsSameOrNewer(clientSerial.Value, zone.Serial))
        {
            TransferResponses.Write(context, ResponseCode.NoError, [soa], session, DnsHeader.AAFlag);
            return ValueTask.CompletedTask;
        }

        if (context.Stream is null)
        {
            // RFC 1995 §2: the changes do not go over UDP; TC tells the client to ask over TCP.
            TransferResponses.Write(context, ResponseCode.NoError, [], session, DnsHeader.AAFlag | DnsHeader.TCFlag);
            return ValueTask.CompletedTask;
        }

        var records = journal.TryGetChanges(zone.Origin, clientSerial.Value, zone.Serial, out var changes)
            ? Incremental(soa, changes)
            : Axfr(zone);
        return StreamAsync(context, zone, RecordType.IXFR, records, session);
    }

    private async ValueTask StreamAsync(QueryContext context, Zone zone, RecordType qtype, IEnumerable<ResourceRecord> records, TsigSession? session)
    {
        context.Drop = true;
        var stream = context.Stream!;
        long started = time.GetTimestamp();
        var writer = new TransferWriter(context.Header.Id, DnsName.FromWire(context.QName), qtype, session);
        await writer.WriteAsync(records, message => stream.SendAsync(message)).ConfigureAwait(false);
        Log.TransferSent(logger, qtype.ToString(), zone.Origin.ToString(), zone.Serial, context.Client.ToString(), writer.MessagesWritten, time.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>RFC 5936 §2.2: the SOA first and last, every other record once in between.</summary>
    internal static IEnumerable<ResourceRecord> Axfr(Zone zone)
    {
        var soa = ZoneDiff.SoaRecord(zone);
        yield return soa;
        foreach (var record in NodeRecords(zone.Apex, skipSoa: true))
        {
            yield return record;
        }

        foreach (var node in zone.Nodes)
        {
            if (!ReferenceEquals(node, zone.Apex))
            {
                foreach (var record in NodeRecords(node, skipSoa: false))
                {
                    yield return record;
                }
            }
        }

        yield return soa;
    }

    /// <summary>RFC 1995 §4: the new SOA, then per version the old SOA, deletions, the new SOA, additions; the new SOA last.</summary>
    internal static IEnumerable<ResourceRecord> Incremental(ResourceRecord current, IReadOnlyList<ZoneDelta> changes)
    {
        yield return current;
        foreach (var delta in changes)
        {
            yield return delta.OldSoa;
            foreach (var record in delta.Deleted)
            {
                yield return record;
            }

            yield return delta.NewSoa;
            foreach (var record in delta.Added)
            {
                yield return record;
            }
        }

        yield return current;
    }

    private static IEnumerable<ResourceRecord> NodeRecords(ZoneNode node, bool skipSoa)
    {
        foreach (var set in node.Sets.ToArray())
        {
            if (skipSoa && set.Type == RecordType.SOA)
            {
                continue;
            }

            foreach (var data in set.RecordsMemory.ToArray())
            {
                yield return new ResourceRecord(set.Name, set.Class, set.Ttl, data);
            }
        }
    }

    private static uint? ReadClientSerial(ReadOnlySpan<byte> request)
    {
        try
        {
            var message = DnsMessage.Parse(request);
            return message.Authority.FirstOrDefault(r => r.Type == RecordType.SOA)?.Data is SoaRData soa ? soa.Serial : null;
        }
        catch (DnsFormatException)
        {
            return null;
        }
    }
}
