using System.Globalization;
using DnsServer.Api.Http;
using DnsServer.Protocol;
using DnsServer.Protocol.Records;
using DnsServer.Protocol.ZoneFiles;

namespace DnsServer.Api.Zones;

/// <summary>
/// Reads the API's names, types, TTLs and RDATA with the zone-file reader, collecting every
/// problem under the name of the field it comes from. Names with non-ASCII characters are taken
/// as internationalized (U-labels) and converted to A-labels (IDNA, <see cref="IdnMapping"/>).
/// </summary>
internal static class RecordText
{
    public const uint DefaultTtl = 3600;

    private static readonly IdnMapping Idn = new();

    /// <summary>A zone name from a route or a request: a final dot is optional.</summary>
    public static DnsName ParseZoneName(string? text, string field = "zone")
    {
        var errors = new FieldErrors();
        var name = ParseName(text, null, field, errors);
        errors.ThrowIfAny();
        return name!;
    }

    /// <summary>An owner name: absolute, relative to <paramref name="origin"/>, or <c>@</c>; null (and an error) when invalid.</summary>
    public static DnsName? ParseName(string? text, DnsName? origin, string field, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(field, "is required");
            return null;
        }

        if (text.Any(c => c > 0x7E || c < 0x21))
        {
            if (text.Any(char.IsWhiteSpace) || text.Any(char.IsControl) || text.Contains('\\'))
            {
                errors.Add(field, "contains white space, a control character, or an escape beside non-ASCII characters");
                return null;
            }

            try
            {
                text = Idn.GetAscii(text);
            }
            catch (ArgumentException exception)
            {
                errors.Add(field, $"is not a valid internationalized name: {exception.Message}");
                return null;
            }
        }

        try
        {
            if (text == "@")
            {
                return origin ?? throw new DnsFormatException("@ needs a zone");
            }

            var name = origin is null && !text.EndsWith('.') ? DnsName.Parse(text + ".") : DnsName.Parse(text, origin);
            if (origin is not null && !name.IsSubdomainOf(origin))
            {
                errors.Add(field, $"{name} is not in zone {origin}");
                return null;
            }

            return name;
        }
        catch (DnsFormatException exception)
        {
            errors.Add(field, exception.Message);
            return null;
        }
    }

    public static RecordType? ParseType(string? text, string field, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(field, "is required");
            return null;
        }

        if (!RecordTypeText.TryParse(text, out var type))
        {
            errors.Add(field, $"'{text}' is not a record type");
            return null;
        }

        if (type == RecordType.SOA)
        {
            errors.Add(field, "the SOA is kept by the server (its serial changes with every change); replace the whole zone with PUT /api/zones/{zone}/zonefile to change its other fields");
            return null;
        }

        return type;
    }

    public static uint? ParseTtl(long? ttl, string field, FieldErrors errors)
    {
        if (ttl is null)
        {
            return DefaultTtl;
        }

        if (ttl is < 0 or > TtlText.MaxTtl)
        {
            errors.Add(field, $"must be from 0 to {TtlText.MaxTtl} (RFC 2181 §8)");
            return null;
        }

        return (uint)ttl.Value;
    }

    /// <summary>RDATA in presentation format, read as the zone-file reader reads the rest of a record line.</summary>
    public static RData? ParseData(DnsName owner, RecordType type, string? text, DnsName origin, string field, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(field, "is required");
            return null;
        }

        if (text.AsSpan().IndexOfAny('\n', '\r') >= 0)
        {
            errors.Add(field, "must be one line");
            return null;
        }

        var line = $"{owner} 0 IN {RecordTypeText.ToText(type)} {text}";
        var reader = new ZoneFileReader(new ZoneReaderOptions { Origin = origin, ContinueOnError = true, AllowInclude = false, FileName = field });
        var records = reader.Read(new StringReader(line)).ToList();
        if (reader.Errors.Count > 0)
        {
            foreach (var error in reader.Errors)
            {
                errors.Add(field, error.Message);
            }

            return null;
        }

        if (records.Count != 1 || records[0].Record.Type != type)
        {
            errors.Add(field, "is not one record's data");
            return null;
        }

        return records[0].Record.Data;
    }

    /// <summary>A whole record; <paramref name="prefix"/> names its fields (<c>records[2].</c>, or empty for a single record).</summary>
    public static ResourceRecord? Parse(RecordRequest? input, DnsName origin, string prefix, FieldErrors errors)
    {
        if (input is null)
        {
            errors.Add(prefix.TrimEnd('.'), "is required");
            return null;
        }

        var name = ParseName(input.Name, origin, prefix + "name", errors);
        var type = ParseType(input.Type, prefix + "type", errors);
        var ttl = ParseTtl(input.Ttl, prefix + "ttl", errors);
        if (name is null || type is null || ttl is null)
        {
            return null;
        }

        var data = ParseData(name, type.Value, input.Data, origin, prefix + "data", errors);
        return data is null ? null : new ResourceRecord(name, RecordClass.IN, ttl.Value, data);
    }

    public static string FormatTtl(uint ttl) => ttl.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Errors by field, in the order found: the <c>errors</c> member of a problem.</summary>
internal sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = [];

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            messages = [];
            _errors.Add(field, messages);
        }

        messages.Add(message);
    }

    public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    public void ThrowIfAny()
    {
        if (Any)
        {
            throw ApiProblemException.Invalid(ToDictionary());
        }
    }
}
