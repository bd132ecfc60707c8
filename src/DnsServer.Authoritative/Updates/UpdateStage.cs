using DnsServer.Authoritative.Transfers;
using DnsServer.Authoritative.Zones;
using DnsServer.Pipeline;
using DnsServer.Protocol;
using DnsServer.Protocol.Tsig;
using Microsoft.Extensions.Logging;

namespace DnsServer.Authoritative.Updates;

/// <summary>
/// Answers UPDATE (RFC 2136) over UDP and TCP: the TSIG checked (RFC 8945), the zone section
/// matched to a zone we are the primary of, the sender allowed by the zone's <c>AllowUpdate</c>
/// or <c>UpdateKeys</c>, then the prerequisites and updates applied through the
/// <see cref="IZoneWriter"/> as one change or not at all. Passes every other opcode on; sits
/// before the transfer stage and writes its own answer, signed when the request was.
/// </summary>
internal sealed class UpdateStage(TransferPolicy policy, Func<DnsName, Zone?> findZone, IZoneWriter writer, TimeProvider time, ILogger logger) : IQueryMiddleware
{
    public ValueTask InvokeAsync(QueryContext context, QueryDelegate next)
    {
        if (context.Header.OpCode != OpCode.Update)
        {
            return next(context);
        }

        context.AnsweredBy = AnswerSource.Authoritative;
        TsigVerification tsig;
        UpdateMessage update;
        try
        {
            tsig = TsigSigner.VerifyRequest(context.Request.Span, policy.Keys, time);
            update = UpdateMessage.Parse(context.Request.Span);
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
        if (update.ZoneType != RecordType.SOA)
        {
            // RFC 2136 §3.1.1: the zone section's type must be SOA.
            TransferResponses.Write(context, ResponseCode.FormErr, [], session);
            return ValueTask.CompletedTask;
        }

        var zone = findZone(update.Zone);
        if (zone is null || zone.Soa.Class != update.ZoneClass)
        {
            // RFC 2136 §3.1.2 and RFC 8945 §5.3: a zone we are not the primary of is NOTAUTH.
            Log.UpdateNotAuth(logger, update.Zone.ToString(), context.Client.ToString());
            TransferResponses.Write(context, ResponseCode.NotAuth, [], session);
            return ValueTask.CompletedTask;
        }

        if (!policy.MayUpdate(zone.Origin, context.Client, tsig.Key))
        {
            Log.UpdateRefused(logger, zone.Origin.ToString(), context.Client.ToString(), tsig.Key?.Name.ToString() ?? "no key");
            TransferResponses.Write(context, ResponseCode.Refused, [], session);
            return ValueTask.CompletedTask;
        }

        return ApplyAsync(context, zone.Origin, update, session);
    }

    /// <summary>The write waits for the database's flush: it runs off the listener's thread.</summary>
    private async ValueTask ApplyAsync(QueryContext context, DnsName origin, UpdateMessage update, TsigSession? session)
    {
        string client = context.Client.ToString();
        var result = await Task.Run(() => writer.Write(origin, records => UpdateProcessor.Apply(update, origin, records))).ConfigureAwait(false);
        if (result.Rcode == ResponseCode.NoError && result.Serial is { } serial)
        {
            Log.UpdateApplied(logger, origin.ToString(), serial, client, update.Updates.Count);
        }
        else if (result.Reason is { } reason)
        {
            Log.UpdateRejected(logger, origin.ToString(), client, result.Rcode.ToString(), reason);
        }
        else
        {
            Log.UpdateNotApplied(logger, origin.ToString(), client, result.Rcode.ToString());
        }

        TransferResponses.Write(context, result.Rcode, [], session);
    }
}
