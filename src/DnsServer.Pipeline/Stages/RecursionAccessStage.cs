using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace DnsServer.Pipeline.Stages;

/// <summary>
/// Decides per client whether it may use the recursive resolver: sets
/// <see cref="QueryContext.RecursionAllowed"/> (which also sets RA in the response, RFC 1035
/// §4.1.1) when the client's address lies in one of the allowed prefixes. Other clients still get
/// answers from our own zones; for other names they reach the terminal REFUSED. Matching compares
/// precomputed 128-bit prefixes with the client address held by value: nothing is allocated.
/// </summary>
public sealed class RecursionAccessStage : IQueryMiddleware
{
    private readonly AddressPrefix[] _allowed;

    public RecursionAccessStage(IEnumerable<AddressPrefix> allowed)
    {
        _allowed = [.. allowed];
    }

    /// <summary>The default of <c>--allow-recursion</c>: loopback only, 127.0.0.0/8 and ::1.</summary>
    public static IReadOnlyList<AddressPrefix> Loopback { get; } =
        [AddressPrefix.Parse("127.0.0.0/8"), AddressPrefix.Parse("::1/128")];

    public ValueTask InvokeAsync(QueryContext context, QueryDelegate next)
    {
        context.RecursionAllowed = IsAllowed(context.Client);
        return next(context);
    }

    public bool IsAllowed(ClientAddress client)
    {
        foreach (var prefix in _allowed)
        {
            if (prefix.Contains(client))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>
/// An address prefix (CIDR) over the 128-bit form <see cref="ClientAddress"/> uses: an IPv4
/// prefix is held as its IPv4-mapped IPv6 prefix (RFC 4291 §2.5.5.2), so one comparison serves both.
/// </summary>
public readonly record struct AddressPrefix(UInt128 Network, int Length)
{
    /// <summary>IPv4-mapped addresses occupy the last 32 bits after 96 fixed ones.</summary>
    private const int MappedPrefixLength = 96;

    private static readonly UInt128 MappedPrefix = (UInt128)0xFFFF << 32;

    public bool Contains(ClientAddress address) =>
        Length == 0 || ((address.Value ^ Network) >> (128 - Length)) == UInt128.Zero;

    /// <summary>Parses <c>ADDR/LEN</c> or a bare address (a host prefix); IPv4 or IPv6.</summary>
    public static AddressPrefix Parse(string text)
    {
        text = text.Trim();
        if (!IPNetwork.TryParse(text, out var network))
        {
            if (!IPAddress.TryParse(text, out var host))
            {
                throw new FormatException($"'{text}' is not an address prefix (e.g. 10.0.0.0/8 or 2001:db8::/32)");
            }

            network = new IPNetwork(host, host.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
        }

        Span<byte> bytes = stackalloc byte[16];
        if (network.BaseAddress.AddressFamily == AddressFamily.InterNetwork)
        {
            network.BaseAddress.TryWriteBytes(bytes, out _);
            var value = MappedPrefix | BinaryPrimitives.ReadUInt32BigEndian(bytes);
            return new AddressPrefix(value, MappedPrefixLength + network.PrefixLength);
        }

        network.BaseAddress.TryWriteBytes(bytes, out _);
        return new AddressPrefix(BinaryPrimitives.ReadUInt128BigEndian(bytes), network.PrefixLength);
    }

    /// <summary>Parses a comma-separated list, as <c>--allow-recursion</c> takes it.</summary>
    public static IReadOnlyList<AddressPrefix> ParseList(string text) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Parse)];
}
