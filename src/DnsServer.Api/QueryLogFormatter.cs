using System.Globalization;
using System.Text.Json;
using DnsServer.Pipeline;
using DnsServer.Pipeline.Diagnostics;
using DnsServer.Protocol;
using DnsServer.Protocol.Records;

namespace DnsServer.Api;

/// <summary>
/// Turns a <see cref="QueryLogEntry"/> into one JSON object without allocating per entry: property
/// names are encoded once, the QNAME and an IPv4 client are written from the entry into a scratch
/// buffer, and the names of types, rcodes, sources and IPv6 clients come from caches filled on
/// first use. One instance belongs to the log's single writer task.
/// </summary>
internal sealed class QueryLogFormatter
{
    /// <summary>Distinct values kept per cache; a stream of unusual values beyond it is formatted each time.</summary>
    private const int CacheLimit = 4096;

    private static readonly JsonEncodedText Time = JsonEncodedText.Encode("time");
    private static readonly JsonEncodedText Client = JsonEncodedText.Encode("client");
    private static readonly JsonEncodedText Transport = JsonEncodedText.Encode("transport");
    private static readonly JsonEncodedText QName = JsonEncodedText.Encode("qname");
    private static readonly JsonEncodedText QType = JsonEncodedText.Encode("qtype");
    private static readonly JsonEncodedText Rcode = JsonEncodedText.Encode("rcode");
    private static readonly JsonEncodedText Answers = JsonEncodedText.Encode("answers");
    private static readonly JsonEncodedText Authority = JsonEncodedText.Encode("authority");
    private static readonly JsonEncodedText Additional = JsonEncodedText.Encode("additional");
    private static readonly JsonEncodedText Tc = JsonEncodedText.Encode("tc");
    private static readonly JsonEncodedText LatencyUs = JsonEncodedText.Encode("latencyUs");
    private static readonly JsonEncodedText AnsweredBy = JsonEncodedText.Encode("answeredBy");
    private static readonly JsonEncodedText Udp = JsonEncodedText.Encode("udp");
    private static readonly JsonEncodedText Tcp = JsonEncodedText.Encode("tcp");

    private readonly byte[] _scratch = new byte[DnsNameWire.MaxPresentationLength];
    private readonly Dictionary<RecordType, JsonEncodedText> _qtypes = [];
    private readonly Dictionary<ResponseCode, JsonEncodedText> _rcodes = [];
    private readonly Dictionary<AnswerSource, JsonEncodedText> _sources = [];
    private readonly Dictionary<UInt128, JsonEncodedText> _ipv6Clients = [];

    public void Format(in QueryLogEntry entry, Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString(Time, new DateTime(entry.TimestampTicks, DateTimeKind.Utc));
        WriteClient(entry.Client, json);
        json.WriteString(Transport, entry.Transport == TransportKind.Udp ? Udp : Tcp);
        entry.TryFormatQName(_scratch, out int nameLength);
        json.WriteString(QName, _scratch.AsSpan(0, nameLength));
        json.WriteString(QType, Cached(_qtypes, entry.QType, RecordTypeText.ToText));
        json.WriteString(Rcode, Cached(_rcodes, entry.Rcode, RcodeText));
        json.WriteNumber(Answers, entry.Answers);
        json.WriteNumber(Authority, entry.Authority);
        json.WriteNumber(Additional, entry.Additional);
        json.WriteBoolean(Tc, entry.Truncated);
        json.WriteNumber(LatencyUs, entry.LatencyMicros);
        json.WriteString(AnsweredBy, Cached(_sources, entry.AnsweredBy, source => source.ToString().ToLowerInvariant()));
        json.WriteEndObject();
    }

    private static string RcodeText(ResponseCode rcode) =>
        Enum.IsDefined(rcode) ? rcode.ToString().ToUpperInvariant() : "RCODE" + ((ushort)rcode).ToString(CultureInfo.InvariantCulture);

    private static JsonEncodedText Cached<TKey>(Dictionary<TKey, JsonEncodedText> cache, TKey key, Func<TKey, string> text)
        where TKey : notnull
    {
        if (cache.TryGetValue(key, out var encoded))
        {
            return encoded;
        }

        encoded = JsonEncodedText.Encode(text(key));
        if (cache.Count < CacheLimit)
        {
            cache[key] = encoded;
        }

        return encoded;
    }

    private void WriteClient(ClientAddress client, Utf8JsonWriter json)
    {
        if (client.IsIPv4)
        {
            client.TryFormat(_scratch, out int written);
            json.WriteString(Client, _scratch.AsSpan(0, written));
            return;
        }

        if (!_ipv6Clients.TryGetValue(client.Value, out var encoded))
        {
            encoded = JsonEncodedText.Encode(client.ToString());
            if (_ipv6Clients.Count >= CacheLimit)
            {
                _ipv6Clients.Clear();
            }

            _ipv6Clients[client.Value] = encoded;
        }

        json.WriteString(Client, encoded);
    }
}
