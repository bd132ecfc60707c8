using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace DnsServer.Protocol.Edns;

/// <summary>
/// The EDNS Client Subnet option (RFC 7871 §6). <see cref="Address"/> holds the address octets
/// left-aligned in 128 bits (an IPv4 address takes the top 32), already cut to the source prefix.
/// </summary>
public readonly record struct ClientSubnet(ushort Family, byte SourcePrefixLength, byte ScopePrefixLength, UInt128 Address)
{
    /// <summary>Address family numbers from the IANA registry, as RFC 7871 §6 uses them.</summary>
    public const ushort FamilyIPv4 = 1;

    public const ushort FamilyIPv6 = 2;

    public int MaxPrefixLength => Family == FamilyIPv4 ? 32 : 128;

    /// <summary>Octets of address carried on the wire: just enough for the source prefix.</summary>
    public int AddressLength => (SourcePrefixLength + 7) / 8;

    /// <summary>Builds the option for an address, cutting it to <paramref name="sourcePrefixLength"/> bits.</summary>
    public static ClientSubnet Create(IPAddress address, byte sourcePrefixLength, byte scopePrefixLength = 0)
    {
        bool v4 = address.AddressFamily == AddressFamily.InterNetwork;
        int max = v4 ? 32 : 128;
        if (sourcePrefixLength > max || scopePrefixLength > max)
        {
            throw new ArgumentOutOfRangeException(nameof(sourcePrefixLength), "prefix longer than the address");
        }

        Span<byte> bytes = stackalloc byte[16];
        bytes.Clear();
        address.TryWriteBytes(bytes, out _);
        var value = BinaryPrimitives.ReadUInt128BigEndian(bytes) & Mask(sourcePrefixLength);
        return new ClientSubnet(v4 ? FamilyIPv4 : FamilyIPv6, sourcePrefixLength, scopePrefixLength, value);
    }

    /// <summary>
    /// Reads a subnet written <c>ADDRESS/PREFIX</c> (<c>10.1.0.0/24</c>, <c>2001:db8::/56</c>), as
    /// tools take it from their users; false when it is not one or the prefix is longer than the address.
    /// </summary>
    public static bool TryParse(string? text, out ClientSubnet subnet)
    {
        subnet = default;
        int slash = text?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (slash < 0
            || !IPAddress.TryParse(text.AsSpan(0, slash), out var address)
            || !byte.TryParse(text.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out byte prefix)
            || prefix > (address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128))
        {
            return false;
        }

        subnet = Create(address, prefix);
        return true;
    }

    private static UInt128 Mask(int prefixLength) =>
        prefixLength == 0 ? UInt128.Zero : UInt128.MaxValue << (128 - prefixLength);

    public IPAddress ToIPAddress()
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, Address);
        return new IPAddress(Family == FamilyIPv4 ? bytes[..4] : bytes);
    }

    /// <summary>
    /// Decodes option data, enforcing what RFC 7871 §7.1.1 answers with FORMERR: an unknown family,
    /// a prefix longer than the family allows, an address longer or shorter than the source prefix
    /// needs, and address bits set beyond the source prefix.
    /// </summary>
    public static ClientSubnet Read(ReadOnlySpan<byte> data)
    {
        if (data.Length < 4)
        {
            throw new DnsFormatException("Client Subnet option shorter than 4 octets");
        }

        ushort family = BinaryPrimitives.ReadUInt16BigEndian(data);
        if (family is not (FamilyIPv4 or FamilyIPv6))
        {
            throw new DnsFormatException($"Client Subnet family {family} is not IPv4 or IPv6");
        }

        int max = family == FamilyIPv4 ? 32 : 128;
        byte source = data[2];
        byte scope = data[3];
        if (source > max || scope > max)
        {
            throw new DnsFormatException("Client Subnet prefix is longer than the address");
        }

        var address = data[4..];
        if (address.Length != (source + 7) / 8)
        {
            throw new DnsFormatException("Client Subnet address length does not match the source prefix");
        }

        Span<byte> bytes = stackalloc byte[16];
        bytes.Clear();
        address.CopyTo(bytes);
        var value = BinaryPrimitives.ReadUInt128BigEndian(bytes);
        if ((value & ~Mask(source)) != UInt128.Zero)
        {
            throw new DnsFormatException("Client Subnet address has bits set beyond the source prefix");
        }

        return new ClientSubnet(family, source, scope, value);
    }

    /// <summary>Writes the whole option (code, length, data), e.g. echoed in a response with a scope set.</summary>
    public void WriteOption(ref DnsMessageWriter writer)
    {
        Span<byte> data = stackalloc byte[20];
        BinaryPrimitives.WriteUInt16BigEndian(data, Family);
        data[2] = SourcePrefixLength;
        data[3] = ScopePrefixLength;
        BinaryPrimitives.WriteUInt128BigEndian(data[4..], Address);
        EdnsWire.WriteOption(ref writer, EdnsOptionCode.ClientSubnet, data[..(4 + AddressLength)]);
    }

    public override string ToString() => $"{ToIPAddress()}/{SourcePrefixLength}/{ScopePrefixLength}";
}
