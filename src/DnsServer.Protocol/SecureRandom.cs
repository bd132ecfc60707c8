using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace DnsServer.Protocol;

/// <summary>
/// Unpredictable numbers for what an attacker must not guess: message IDs of our own queries
/// (RFC 5452 §4.3), seeds. On Linux they come from the kernel's generator through getrandom(2),
/// as NSD and Unbound take theirs; <see cref="RandomNumberGenerator"/> would load OpenSSL into
/// a server that may not otherwise need it (about 3 MB resident). Elsewhere it is the fallback.
/// </summary>
public static partial class SecureRandom
{
    /// <summary>An integer in [<paramref name="fromInclusive"/>, <paramref name="toExclusive"/>), every value equally likely.</summary>
    public static int GetInt32(int fromInclusive, int toExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(fromInclusive, toExclusive);
        uint range = (uint)(toExclusive - fromInclusive) - 1;
        if (range == 0)
        {
            return fromInclusive;
        }

        // Rejection sampling under the smallest all-ones mask that covers the range: no modulo bias.
        uint mask = uint.MaxValue >> System.Numerics.BitOperations.LeadingZeroCount(range);
        Span<byte> bytes = stackalloc byte[sizeof(uint)];
        while (true)
        {
            Fill(bytes);
            uint value = BitConverter.ToUInt32(bytes) & mask;
            if (value <= range)
            {
                return (int)(fromInclusive + value);
            }
        }
    }

    /// <inheritdoc cref="GetInt32(int, int)"/>
    public static int GetInt32(int toExclusive) => GetInt32(0, toExclusive);

    /// <summary>Fills <paramref name="destination"/> with random bytes.</summary>
    public static void Fill(Span<byte> destination)
    {
        if (!OperatingSystem.IsLinux() || !TryGetRandom(destination))
        {
            RandomNumberGenerator.Fill(destination);
        }
    }

    private static unsafe bool TryGetRandom(Span<byte> destination)
    {
        fixed (byte* buffer = destination)
        {
            int filled = 0;
            while (filled < destination.Length)
            {
                nint read = GetRandom(buffer + filled, (nuint)(destination.Length - filled), 0);
                if (read < 0)
                {
                    // EINTR: asked again; anything else (no such call): the portable generator.
                    if (Marshal.GetLastPInvokeError() == EIntr)
                    {
                        continue;
                    }

                    return false;
                }

                filled += (int)read;
            }
        }

        return true;
    }

    private const int EIntr = 4;

    [LibraryImport("libc", EntryPoint = "getrandom", SetLastError = true)]
    private static unsafe partial nint GetRandom(byte* buffer, nuint length, uint flags);
}
