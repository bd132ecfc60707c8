using System.Globalization;

namespace DnsServer.Protocol.Records;

/// <summary>Start of a zone of authority (RFC 1035 §3.3.13). Timers are in seconds.</summary>
public sealed class SoaRData(
    DnsName primaryServer,
    DnsName responsibleMailbox,
    uint serial,
    uint refresh,
    uint retry,
    uint expire,
    uint minimum) : RData
{
    public override RecordType Type => RecordType.SOA;

    public DnsName PrimaryServer { get; } = primaryServer;

    public DnsName ResponsibleMailbox { get; } = responsibleMailbox;

    public uint Serial { get; } = serial;

    public uint Refresh { get; } = refresh;

    public uint Retry { get; } = retry;

    public uint Expire { get; } = expire;

    /// <summary>The negative-caching TTL (RFC 2308 §4).</summary>
    public uint Minimum { get; } = minimum;

    public override void WriteTo(ref DnsMessageWriter writer)
    {
        writer.WriteName(PrimaryServer);
        writer.WriteName(ResponsibleMailbox);
        writer.WriteUInt32(Serial);
        writer.WriteUInt32(Refresh);
        writer.WriteUInt32(Retry);
        writer.WriteUInt32(Expire);
        writer.WriteUInt32(Minimum);
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{PrimaryServer} {ResponsibleMailbox} {Serial} {Refresh} {Retry} {Expire} {Minimum}");

    public override bool Equals(RData? other) =>
        other is SoaRData s && s.PrimaryServer.Equals(PrimaryServer) && s.ResponsibleMailbox.Equals(ResponsibleMailbox)
        && s.Serial == Serial && s.Refresh == Refresh && s.Retry == Retry && s.Expire == Expire && s.Minimum == Minimum;

    public override int GetHashCode() =>
        HashCode.Combine(PrimaryServer, ResponsibleMailbox, Serial, Refresh, Retry, Expire, Minimum);

    internal static SoaRData Read(ref RDataCursor cursor) => new(
        cursor.ReadName("primary server"),
        cursor.ReadName("mailbox"),
        cursor.ReadUInt32("serial"),
        cursor.ReadUInt32("refresh"),
        cursor.ReadUInt32("retry"),
        cursor.ReadUInt32("expire"),
        cursor.ReadUInt32("minimum"));

    internal static SoaRData Parse(ref TokenCursor tokens) => new(
        tokens.NextName("primary server"),
        tokens.NextName("mailbox"),
        tokens.NextUInt32("serial"),
        tokens.NextDuration("refresh"),
        tokens.NextDuration("retry"),
        tokens.NextDuration("expire"),
        tokens.NextDuration("minimum"));
}

/// <summary>A mail exchanger and its preference (RFC 1035 §3.3.9).</summary>
public sealed class MxRData(ushort preference, DnsName exchange) : RData
{
    public override RecordType Type => RecordType.MX;

    public ushort Preference { get; } = preference;

    public DnsName Exchange { get; } = exchange;

    public override void WriteTo(ref DnsMessageWriter writer)
    {
        writer.WriteUInt16(Preference);
        writer.WriteName(Exchange);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Preference} {Exchange}");

    public override bool Equals(RData? other) =>
        other is MxRData m && m.Preference == Preference && m.Exchange.Equals(Exchange);

    public override int GetHashCode() => HashCode.Combine(Preference, Exchange);

    internal static MxRData Read(ref RDataCursor cursor) =>
        new(cursor.ReadUInt16("preference"), cursor.ReadName("exchange"));

    internal static MxRData Parse(ref TokenCursor tokens) =>
        new(tokens.NextUInt16("preference"), tokens.NextName("exchange"));
}

/// <summary>Mailbox information, experimental (RFC 1035 §3.3.7).</summary>
public sealed class MInfoRData(DnsName responsibleMailbox, DnsName errorMailbox) : RData
{
    public override RecordType Type => RecordType.MINFO;

    public DnsName ResponsibleMailbox { get; } = responsibleMailbox;

    public DnsName ErrorMailbox { get; } = errorMailbox;

    public override void WriteTo(ref DnsMessageWriter writer)
    {
        writer.WriteName(ResponsibleMailbox);
        writer.WriteName(ErrorMailbox);
    }

    public override string ToString() => $"{ResponsibleMailbox} {ErrorMailbox}";

    public override bool Equals(RData? other) =>
        other is MInfoRData m && m.ResponsibleMailbox.Equals(ResponsibleMailbox) && m.ErrorMailbox.Equals(ErrorMailbox);

    public override int GetHashCode() => HashCode.Combine(ResponsibleMailbox, ErrorMailbox);

    internal static MInfoRData Read(ref RDataCursor cursor) =>
        new(cursor.ReadName("responsible mailbox"), cursor.ReadName("error mailbox"));

    internal static MInfoRData Parse(ref TokenCursor tokens) =>
        new(tokens.NextName("responsible mailbox"), tokens.NextName("error mailbox"));
}
