using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace DnsServer.Pipeline;

/// <summary>
/// A client's IP address held by value, so that the query path can carry and match it without
/// allocating an <see cref="IPAddress"/>. IPv4 is held as an IPv4-mapped IPv6 address.
/// </summary>
public readonly record struct ClientAddress(UInt128 Value, bool IsIPv4)
{
    private static readonly UInt128 MappedPrefix = (UInt128)0xFFFF << 32;

    public static ClientAddress FromIPAddress(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        Span<byte> bytes = stackalloc byte[16];
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            address.TryWriteBytes(bytes[12..], out _);
            return new ClientAddress(MappedPrefix | BinaryPrimitives.ReadUInt32BigEndian(bytes[12..]), true);
        }

        address.TryWriteBytes(bytes, out _);
        return new ClientAddress(BinaryPrimitives.ReadUInt128BigEndian(bytes), false);
    }

    /// <summary>Reads the address from a socket address buffer without allocating.</summary>
    public static ClientAddress FromSocketAddress(SocketAddress socketAddress) =>
        FromSockaddr(socketAddress.Buffer.Span, socketAddress.Family);

    /// <summary>Reads the address from a raw <c>sockaddr_in</c> or <c>sockaddr_in6</c>.</summary>
    public static ClientAddress FromSockaddr(ReadOnlySpan<byte> buffer, AddressFamily family)
    {
        if (family == AddressFamily.InterNetwork)
        {
            // sockaddr_in: family (2), port (2), address (4).
            return new ClientAddress(MappedPrefix | BinaryPrimitives.ReadUInt32BigEndian(buffer[4..]), true);
        }

        // sockaddr_in6: family (2), port (2), flowinfo (4), address (16).
        var value = BinaryPrimitives.ReadUInt128BigEndian(buffer[8..]);
        bool mapped = (value >> 32) == 0xFFFF;
        return new ClientAddress(value, mapped);
    }

    public IPAddress ToIPAddress()
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, Value);
        return IsIPv4 ? new IPAddress(bytes[12..]) : new IPAddress(bytes);
    }

    public override string ToString() => ToIPAddress().ToString();

    /// <summary>
    /// Writes the address as <see cref="ToString"/> does, in UTF-8: an IPv4 address without
    /// allocating, an IPv6 one through <see cref="IPAddress"/> (which allocates).
    /// </summary>
    public bool TryFormat(Span<byte> utf8Destination, out int written)
    {
        if (!IsIPv4)
        {
            return ToIPAddress().TryFormat(utf8Destination, out written);
        }

        written = 0;
        uint address = (uint)Value;
        for (int shift = 24; shift >= 0; shift -= 8)
        {
            if (!((byte)(address >> shift)).TryFormat(utf8Destination[written..], out int octet, provider: CultureInfo.InvariantCulture))
            {
                written = 0;
                return false;
            }

            written += octet;
            if (shift > 0)
            {
                if ((uint)written >= (uint)utf8Destination.Length)
                {
                    written = 0;
                    return false;
                }

                utf8Destination[written++] = (byte)'.';
            }
        }

        return true;
    }
}
