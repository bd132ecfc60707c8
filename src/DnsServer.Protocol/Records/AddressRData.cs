using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace DnsServer.Protocol.Records;

/// <summary>An IPv4 address (RFC 1035 §3.4.1).</summary>
public sealed class ARData : RData
{
    private readonly uint _address;

    public ARData(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException("A needs an IPv4 address", nameof(address));
        }

        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        _address = BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    public ARData(uint address) => _address = address;

    public override RecordType Type => RecordType.A;

    /// <summary>The address in network order as an integer.</summary>
    public uint Value => _address;

    public IPAddress Address
    {
        get
        {
            Span<byte> bytes = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(bytes, _address);
            return new IPAddress(bytes);
        }
    }

    public override void WriteTo(ref DnsMessageWriter writer) => writer.WriteUInt32(_address);

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{_address >> 24}.{(_address >> 16) & 0xFF}.{(_address >> 8) & 0xFF}.{_address & 0xFF}");

    public override bool Equals(RData? other) => other is ARData a && a._address == _address;

    public override int GetHashCode() => (int)_address;

    internal static ARData Read(ref RDataCursor cursor) => new(cursor.ReadUInt32("address"));

    internal static ARData Parse(ref TokenCursor tokens)
    {
        string text = tokens.NextPlain("address");
        if (!TryParseIPv4(text, out uint value))
        {
            throw new DnsFormatException($"not an IPv4 address: {text}");
        }

        return new ARData(value);
    }

    /// <summary>Strict dotted quad: four decimal octets, unlike inet_aton which also takes <c>1.2.3</c>.</summary>
    public static bool TryParseIPv4(ReadOnlySpan<char> text, out uint value)
    {
        value = 0;
        int parts = 0;
        foreach (var range in text.Split('.'))
        {
            var part = text[range];
            if (part.Length is 0 or > 3 || !byte.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out byte octet))
            {
                return false;
            }

            value = (value << 8) | octet;
            parts++;
        }

        return parts == 4;
    }
}

/// <summary>An IPv6 address (RFC 3596), printed in RFC 5952 form.</summary>
public sealed class AaaaRData : RData
{
    private readonly UInt128 _address;

    public AaaaRData(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            throw new ArgumentException("AAAA needs an IPv6 address", nameof(address));
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        _address = BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    public AaaaRData(ReadOnlySpan<byte> address)
    {
        if (address.Length != 16)
        {
            throw new ArgumentException("AAAA needs 16 octets", nameof(address));
        }

        _address = BinaryPrimitives.ReadUInt128BigEndian(address);
    }

    public override RecordType Type => RecordType.AAAA;

    public IPAddress Address
    {
        get
        {
            Span<byte> bytes = stackalloc byte[16];
            BinaryPrimitives.WriteUInt128BigEndian(bytes, _address);
            return new IPAddress(bytes);
        }
    }

    public override void WriteTo(ref DnsMessageWriter writer)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, _address);
        writer.WriteBytes(bytes);
    }

    public override string ToString() => Address.ToString();

    public override bool Equals(RData? other) => other is AaaaRData a && a._address == _address;

    public override int GetHashCode() => _address.GetHashCode();

    internal static AaaaRData Read(ref RDataCursor cursor) => new(cursor.ReadBytes(16, "address"));

    internal static AaaaRData Parse(ref TokenCursor tokens)
    {
        string text = tokens.NextPlain("address");
        if (!TryParseIPv6(text, out var address))
        {
            throw new DnsFormatException($"not an IPv6 address: {text}");
        }

        return new AaaaRData(address);
    }

    /// <summary>An IPv6 address without brackets, zone index or prefix, which IPAddress would accept.</summary>
    public static bool TryParseIPv6(ReadOnlySpan<char> text, out IPAddress address)
    {
        address = IPAddress.IPv6None;
        if (text.IndexOfAny("[]%/") >= 0 || !text.Contains(':')
            || !IPAddress.TryParse(text, out var parsed) || parsed.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        address = parsed;
        return true;
    }
}
