namespace DnsServer.Authoritative.Transfers;

/// <summary>
/// Zone transfers out, NOTIFY and secondary zones (docs/transfers.md): the configuration section
/// <c>Transfers</c>. Nothing is transferred to anyone by default.
/// </summary>
public sealed class TransferOptions
{
    /// <summary>Address prefixes (CIDR) that may transfer every zone; <c>--allow-transfer</c>.</summary>
    /// <remarks>Defaults to none.</remarks>
    public IList<string> AllowTransfer { get; } = [];

    /// <summary>Per-zone settings, keyed by the zone's name (<c>"lab.test."</c>).</summary>
    public IDictionary<string, ZoneTransferOptions> Zones { get; } = new Dictionary<string, ZoneTransferOptions>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Zones we serve as a secondary, keyed by the zone's name.</summary>
    public IDictionary<string, SecondaryZoneOptions> Secondaries { get; } = new Dictionary<string, SecondaryZoneOptions>(StringComparer.OrdinalIgnoreCase);

    /// <summary>How many versions of a zone the IXFR journal keeps.</summary>
    /// <remarks>Defaults to 20.</remarks>
    public int JournalVersions { get; set; } = 20;

    /// <summary>The most changed records the journal keeps per zone; older versions are dropped first.</summary>
    /// <remarks>Defaults to 100,000.</remarks>
    public int JournalMaxRecords { get; set; } = 100_000;

    /// <summary>How many times a NOTIFY is sent before giving up on a secondary.</summary>
    /// <remarks>Defaults to 5 (RFC 1996 §3.6 leaves the number to the implementation).</remarks>
    public int NotifyAttempts { get; set; } = 5;

    /// <summary>The wait between NOTIFY attempts without an answer.</summary>
    /// <remarks>Defaults to 2 seconds.</remarks>
    public TimeSpan NotifyInterval { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>Transfer and NOTIFY settings of one zone we serve.</summary>
public sealed class ZoneTransferOptions
{
    /// <summary>Address prefixes that may transfer this zone, besides the global <c>AllowTransfer</c>.</summary>
    public IList<string> AllowTransfer { get; } = [];

    /// <summary>Names of TSIG keys (from <c>TsigKeys</c>) whose signed requests may transfer this zone, from any address.</summary>
    public IList<string> TransferKeys { get; } = [];

    /// <summary>Secondaries (<c>ADDR:PORT</c>) sent a NOTIFY whenever the zone's serial changes.</summary>
    public IList<string> Notify { get; } = [];

    /// <summary>The TSIG key the NOTIFY messages are signed with; unsigned when not set.</summary>
    public string? NotifyKey { get; set; }

    /// <summary>Address prefixes that may send dynamic updates (RFC 2136) to this zone without TSIG.</summary>
    /// <remarks>Defaults to none: updates are refused.</remarks>
    public IList<string> AllowUpdate { get; } = [];

    /// <summary>Names of TSIG keys (from <c>TsigKeys</c>) whose signed updates this zone accepts, from any address.</summary>
    /// <remarks>Defaults to none.</remarks>
    public IList<string> UpdateKeys { get; } = [];
}

/// <summary>A zone we copy from primaries (RFC 1034 §4.3.5).</summary>
public sealed class SecondaryZoneOptions
{
    /// <summary>The primaries (<c>ADDR:PORT</c>), tried in order; NOTIFY is accepted from their addresses only.</summary>
    public IList<string> Primaries { get; } = [];

    /// <summary>The TSIG key to sign SOA queries and transfers with, and that NOTIFY must carry.</summary>
    public string? Key { get; set; }

    /// <summary>
    /// Test setting: caps the SOA refresh and retry intervals, so a test need not wait minutes.
    /// Leave unset in production: the zone's SOA decides.
    /// </summary>
    public TimeSpan? MaxRefresh { get; set; }

    /// <summary>Test setting: replaces the SOA expire interval. Leave unset in production.</summary>
    public TimeSpan? ExpireOverride { get; set; }
}

/// <summary>One TSIG key (RFC 8945): <c>{ "Name": "xfr-key.", "Algorithm": "hmac-sha256", "Secret": "base64" }</c>.</summary>
public sealed class TsigKeyOptions
{
    public string Name { get; set; } = "";

    /// <summary>hmac-sha1, hmac-sha256, hmac-sha384 or hmac-sha512.</summary>
    /// <remarks>Defaults to hmac-sha256.</remarks>
    public string Algorithm { get; set; } = "hmac-sha256";

    /// <summary>The shared secret, base64.</summary>
    public string Secret { get; set; } = "";
}
