using DnsServer.LoadBalancing.Selection;
using DnsServer.Pipeline;
using DnsServer.Protocol;
using DnsServer.Protocol.Records;

namespace DnsServer.LoadBalancing.Answering;

/// <summary>
/// Shapes authoritative answers for the names pools serve, placed just before the authoritative
/// stage: it lets the zone answer, then replaces the pool's RRset with the pool's selection (or
/// supplies it where the zone has none), copying into new arrays and never reordering the zone's.
/// With no pool records and no RRset rotation it costs two field reads per query.
/// </summary>
internal sealed class LoadBalancingStage : IQueryMiddleware
{
    private readonly SelectionStateHolder _state;
    private readonly IZoneDirectory _zones;

    [ThreadStatic]
    private static uint s_rotation;

    public LoadBalancingStage(SelectionStateHolder state, IZoneDirectory zones)
    {
        _state = state;
        _zones = zones;
    }

    public ValueTask InvokeAsync(QueryContext context, QueryDelegate next)
    {
        var pending = next(context);
        var state = _state.Current;
        if (!state.IsActive || !pending.IsCompletedSuccessfully || context.AnsweredBy != AnswerSource.Authoritative)
        {
            return pending;
        }

        Scratch.Reset();
        var shaping = new Shaping(context, state);
        ShapeAnswer(ref shaping);
        if (!shaping.Done && state.HasRecords)
        {
            ShapeMissing(ref shaping);
        }

        if (shaping.Shaped)
        {
            context.AnsweredBy = AnswerSource.Policy;
            if (shaping.Location.EchoScope && shaping.Scope >= 0)
            {
                context.Response.ClientSubnetScope = (byte)(shaping.Location.FromClientSubnet ? shaping.Scope : 0);
            }
        }

        return pending;
    }

    /// <summary>Replaces pool RRsets already in the answer; rotates plain ones when asked to.</summary>
    private void ShapeAnswer(ref Shaping shaping)
    {
        var context = shaping.Context;
        var answer = context.Response.Answer;
        Span<byte> lowered = stackalloc byte[DnsName.MaxLength];
        ulong remove = 0;
        for (int i = 0; i < answer.Count; i++)
        {
            var rrset = answer[i];
            if (shaping.State.HasRecords && rrset.Type is RecordType.A or RecordType.AAAA
                && shaping.State.TryFind(Lower(context, rrset.Owner, lowered), out var entry) && entry.For(rrset.Type) is int pool and >= 0)
            {
                shaping.Done = true;
                var result = Select(ref shaping, pool);
                if (result.Outcome == PoolOutcome.ServFail)
                {
                    ServFail(ref shaping);
                    return;
                }

                if (result.Outcome == PoolOutcome.NoData)
                {
                    remove |= i < 64 ? 1UL << i : 0;
                    continue;
                }

                answer.Replace(i, rrset with { Records = result.Records, Ttl = result.Ttl });
            }
            else if (shaping.State.RotateRRsets && rrset.Records.Length > 1)
            {
                answer.Replace(i, rrset with { Records = Rotated(rrset.Records) });
            }
        }

        if (remove != 0)
        {
            Remove(context, answer, remove);
        }
    }

    /// <summary>
    /// The QNAME (or the end of the CNAME chain) is a pool name the zone holds no RRset for: the
    /// zone said NXDOMAIN or NODATA, the pool answers. Another type at a pool name gets NODATA.
    /// </summary>
    private void ShapeMissing(ref Shaping shaping)
    {
        var context = shaping.Context;
        var response = context.Response;
        var answer = response.Answer;
        bool negative = response.Rcode == ResponseCode.NXDomain
            || (response.Rcode == ResponseCode.NoError && response.Authority.Count > 0 && response.Authority[0].Type == RecordType.SOA);
        if (!negative)
        {
            return;
        }

        Span<byte> lowered = stackalloc byte[DnsName.MaxLength];
        DnsName? owner = null;
        if (answer.Count > 0)
        {
            var last = answer[answer.Count - 1];
            if (last.Type != RecordType.CNAME || last.Records.Length == 0 || last.Records.Span[0] is not CNameRData cname)
            {
                return;
            }

            owner = cname.Target;
        }

        if (!shaping.State.TryFind(Lower(context, owner, lowered), out var entry))
        {
            return;
        }

        shaping.Shaped = true;
        int pool = entry.For(context.QType);
        if (pool < 0)
        {
            // The name exists (the pool answers it), just not with this type: NODATA, SOA kept.
            response.SetRcode(ResponseCode.NoError);
            return;
        }

        var result = Select(ref shaping, pool);
        switch (result.Outcome)
        {
            case PoolOutcome.ServFail:
                ServFail(ref shaping);
                return;
            case PoolOutcome.NoData:
                response.SetRcode(ResponseCode.NoError);
                return;
        }

        response.SetRcode(ResponseCode.NoError);
        response.Authority.Clear();
        answer.Add(new ResponseRRset(owner, context.QType, RecordClass.IN, result.Ttl, result.Records));
    }

    private static PoolAnswer Select(ref Shaping shaping, int pool)
    {
        if (!shaping.Located)
        {
            shaping.Location = ClientLocator.Locate(shaping.Context, shaping.State);
            shaping.Located = true;
        }

        var result = shaping.State.Selector.Select(shaping.State, shaping.State.Pools[pool], ref shaping.Location);
        shaping.Shaped = true;
        shaping.Scope = Math.Max(shaping.Scope, result.Scope);
        return result;
    }

    private static ReadOnlySpan<byte> Lower(QueryContext context, DnsName? owner, Span<byte> buffer)
    {
        if (owner is null)
        {
            return context.QNameLower;
        }

        var wire = owner.Wire;
        DnsNameWire.ToLower(wire, buffer);
        return buffer[..wire.Length];
    }

    private static ReadOnlyMemory<RData> Rotated(ReadOnlyMemory<RData> records)
    {
        int n = records.Length;
        int start = (int)(s_rotation++ % (uint)n);
        var copy = Scratch.Take(n);
        records.Span[start..].CopyTo(copy.Span);
        records.Span[..start].CopyTo(copy.Span[(n - start)..]);
        return copy;
    }

    private void Remove(QueryContext context, ResponseSection answer, ulong remove)
    {
        int count = answer.Count;
        var kept = Scratch.RRsets(count);
        int keptCount = 0;
        for (int i = 0; i < count; i++)
        {
            if ((remove & (1UL << i)) == 0)
            {
                kept[keptCount++] = answer[i];
            }
        }

        answer.Clear();
        for (int i = 0; i < keptCount; i++)
        {
            answer.Add(kept[i]);
        }

        Array.Clear(kept, 0, keptCount);
        var authority = context.Response.Authority;
        if ((keptCount == 0 || answer[keptCount - 1].Type == RecordType.CNAME) && authority.Count == 0
            && _zones.TryGetNegativeSoa(context.QNameLower, out var soa))
        {
            // NODATA (RFC 2308 §2.2): the SOA tells resolvers how long to cache the absence.
            authority.Add(soa);
        }
    }

    private static void ServFail(ref Shaping shaping)
    {
        var response = shaping.Context.Response;
        response.Answer.Clear();
        response.Authority.Clear();
        response.Additional.Clear();
        response.Authoritative = false;
        response.SetRcode(ResponseCode.ServFail);
        shaping.Shaped = true;
        shaping.Done = true;
        shaping.Scope = -1;
    }

    /// <summary>What one query's shaping has found so far.</summary>
    private struct Shaping(QueryContext context, SelectionState state)
    {
        public readonly QueryContext Context = context;
        public readonly SelectionState State = state;
        public ClientLocation Location;
        public bool Located;
        public bool Shaped;
        public bool Done;
        public int Scope = -1;
    }
}
