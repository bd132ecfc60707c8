using DnsServer.Authoritative.Zones;
using DnsServer.Protocol;
using DnsServer.Protocol.Records;

namespace DnsServer.Authoritative.Transfers;

/// <summary>
/// Reads the answer records of an incoming AXFR or IXFR, message by message, and tells when the
/// transfer is complete: an AXFR (or a full-zone IXFR answer) ends at the second SOA with the
/// first one's serial (RFC 5936 §2.2); an incremental answer at that SOA after an addition part
/// (RFC 1995 §4); an IXFR answer of the SOA alone means we are up to date.
/// </summary>
internal sealed class TransferAssembler(DnsName origin)
{
    private readonly List<ResourceRecord> _records = [];
    private uint _serial;
    private bool _incremental;
    private bool _adding;

    public bool IsComplete { get; private set; }

    public bool IsIncremental => _incremental;

    public uint Serial => _serial;

    public IReadOnlyList<ResourceRecord> Records => _records;

    /// <summary>Adds one message's answers; throws <see cref="InvalidDataException"/> when they break the format.</summary>
    public void Add(IReadOnlyList<ResourceRecord> answers)
    {
        foreach (var record in answers)
        {
            if (IsComplete)
            {
                throw new InvalidDataException("records after the closing SOA");
            }

            if (!record.Name.IsSubdomainOf(origin))
            {
                throw new InvalidDataException($"{record.Name} is outside the zone");
            }

            Take(record);
        }
    }

    /// <summary>An IXFR answer that was only the SOA: nothing to transfer (RFC 1995 §4).</summary>
    public bool IsUpToDateReply => _records.Count == 1 && _records[0].Data is SoaRData;

    private void Take(ResourceRecord record)
    {
        var soa = record.Data as SoaRData;
        if (_records.Count == 0)
        {
            _serial = soa?.Serial ?? throw new InvalidDataException("the first record is not the SOA");
            _records.Add(record);
            return;
        }

        _records.Add(record);
        if (_records.Count == 2)
        {
            // The second record decides the form: an older SOA opens the first deletion part.
            _incremental = soa is not null && soa.Serial != _serial;
            if (_incremental)
            {
                return;
            }
        }

        if (soa is null)
        {
            return;
        }

        if (!_incremental)
        {
            IsComplete = soa.Serial == _serial;
            return;
        }

        if (_adding && soa.Serial == _serial)
        {
            IsComplete = true;
            return;
        }

        _adding = !_adding;
    }

    /// <summary>Builds the zone of a full transfer: the SOA and every record between the two SOAs.</summary>
    public Zone BuildFull(string source)
    {
        var builder = new ZoneBuilder(origin, source);
        for (int i = 0; i < _records.Count - 1; i++)
        {
            builder.Add(_records[i]);
        }

        return Check(builder.Build());
    }

    /// <summary>Applies the incremental steps to <paramref name="current"/>; each step must start where the last ended.</summary>
    public Zone ApplyTo(Zone current, string source)
    {
        var records = new Dictionary<(DnsName, RecordClass, RData), ResourceRecord>();
        foreach (var record in TransferStage.Axfr(current).Skip(1).SkipLast(1))
        {
            records[(record.Name, record.Class, record.Data)] = record;
        }

        uint serial = current.Serial;
        bool deleting = false;
        bool adding = false;
        ResourceRecord? soa = null;
        for (int i = 1; i < _records.Count - 1; i++)
        {
            var record = _records[i];
            if (record.Data is SoaRData step)
            {
                // An old SOA opens a step's deletions, the new SOA after them its additions.
                if (!deleting && step.Serial != serial)
                {
                    throw new InvalidDataException($"IXFR step from serial {step.Serial}, but ours is {serial}");
                }

                serial = step.Serial;
                soa = deleting ? record : soa;
                adding = deleting;
                deleting = !deleting;
                continue;
            }

            if (adding)
            {
                records[(record.Name, record.Class, record.Data)] = record;
            }
            else
            {
                records.Remove((record.Name, record.Class, record.Data));
            }
        }

        var builder = new ZoneBuilder(origin, source);
        builder.Add(soa ?? _records[0]);
        foreach (var record in records.Values)
        {
            builder.Add(record);
        }

        return Check(builder.Build());
    }

    private Zone Check(Zone zone) =>
        zone.Serial == _serial ? zone : throw new InvalidDataException($"the zone built has serial {zone.Serial}, not {_serial}");
}
