using System.Buffers.Binary;
using System.Security.Cryptography;

namespace DnsServer.Protocol.Tsig;

/// <summary>
/// TSIG (RFC 8945): computes MACs over a message and its TSIG variables, appends TSIG records,
/// and verifies a request's record against the keys we know.
/// </summary>
public static class TsigSigner
{
    /// <summary>RFC 8945 §10: 300 seconds is the recommended fudge.</summary>
    public const ushort DefaultFudge = 300;

    /// <summary>RFC 8945 §5.2.2.1: a truncated MAC keeps at least half the hash and at least 10 octets.</summary>
    private const int MinTruncatedMac = 10;

    /// <summary>
    /// Computes the MAC of <paramref name="message"/> (the message as sent, without its TSIG record,
    /// ARCOUNT not counting it). The header ID is replaced by the variables' original ID.
    /// With <see cref="TsigVariables.TimersOnly"/> the variables are Time Signed and Fudge alone, as for the
    /// second and later messages of a stream (RFC 8945 §5.3.1).
    /// </summary>
    public static byte[] ComputeMac(TsigKey key, byte[]? priorMac, ReadOnlySpan<byte> message, in TsigVariables variables)
    {
        using var hmac = TsigAlgorithms.CreateHmac(key);
        AppendPrior(hmac, priorMac);
        AppendMessage(hmac, message, variables.OriginalId);
        AppendVariables(hmac, key, variables);
        return hmac.GetHashAndReset();
    }

    internal static void AppendPrior(IncrementalHash hmac, byte[]? priorMac)
    {
        if (priorMac is null)
        {
            return;
        }

        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)priorMac.Length);
        hmac.AppendData(length);
        hmac.AppendData(priorMac);
    }

    internal static void AppendMessage(IncrementalHash hmac, ReadOnlySpan<byte> message, ushort originalId)
    {
        Span<byte> id = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(id, originalId);
        hmac.AppendData(id);
        hmac.AppendData(message[2..]);
    }

    internal static void AppendVariables(IncrementalHash hmac, TsigKey key, in TsigVariables variables)
    {
        Span<byte> fields = stackalloc byte[DnsName.MaxLength + 10];
        if (!variables.TimersOnly)
        {
            hmac.AppendData(key.Name.ToLowerWire());
            BinaryPrimitives.WriteUInt16BigEndian(fields, (ushort)RecordClass.ANY);
            BinaryPrimitives.WriteUInt32BigEndian(fields[2..], 0);
            hmac.AppendData(fields[..6]);
            hmac.AppendData(key.AlgorithmName.ToLowerWire());
        }

        WriteTime(fields, variables.TimeSigned);
        BinaryPrimitives.WriteUInt16BigEndian(fields[6..], variables.Fudge);
        if (variables.TimersOnly)
        {
            hmac.AppendData(fields[..8]);
            return;
        }

        BinaryPrimitives.WriteUInt16BigEndian(fields[8..], (ushort)variables.Error);
        hmac.AppendData(fields[..10]);
        BinaryPrimitives.WriteUInt16BigEndian(fields, (ushort)variables.OtherData.Length);
        hmac.AppendData(fields[..2]);
        hmac.AppendData(variables.OtherData.Span);
    }

    /// <summary>
    /// Appends a TSIG record to the message of <paramref name="length"/> bytes in <paramref name="buffer"/>
    /// and adds one to ARCOUNT; returns the new length, or -1 when it does not fit.
    /// </summary>
    public static int AppendRecord(Span<byte> buffer, int length, DnsName keyName, DnsName algorithm, ReadOnlySpan<byte> mac, in TsigVariables variables)
    {
        var otherData = variables.OtherData.Span;
        int rdLength = algorithm.Wire.Length + 10 + mac.Length + 6 + otherData.Length;
        int total = keyName.Wire.Length + 10 + rdLength;
        if (length + total > buffer.Length)
        {
            return -1;
        }

        var span = buffer[length..];
        keyName.Wire.CopyTo(span);
        span = span[keyName.Wire.Length..];
        BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)RecordType.TSIG);
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], (ushort)RecordClass.ANY);
        BinaryPrimitives.WriteUInt32BigEndian(span[4..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(span[8..], (ushort)rdLength);
        span = span[10..];
        algorithm.Wire.CopyTo(span);
        span = span[algorithm.Wire.Length..];
        WriteTime(span, variables.TimeSigned);
        BinaryPrimitives.WriteUInt16BigEndian(span[6..], variables.Fudge);
        BinaryPrimitives.WriteUInt16BigEndian(span[8..], (ushort)mac.Length);
        mac.CopyTo(span[10..]);
        span = span[(10 + mac.Length)..];
        BinaryPrimitives.WriteUInt16BigEndian(span, variables.OriginalId);
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], (ushort)variables.Error);
        BinaryPrimitives.WriteUInt16BigEndian(span[4..], (ushort)otherData.Length);
        otherData.CopyTo(span[6..]);

        ushort additional = BinaryPrimitives.ReadUInt16BigEndian(buffer[10..]);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[10..], (ushort)(additional + 1));
        return length + total;
    }

    /// <summary>Signs a message in place: computes its MAC and appends the TSIG record. Returns the new length, or -1.</summary>
    public static int Sign(Span<byte> buffer, int length, TsigKey key, byte[]? priorMac, in TsigVariables variables, out byte[] mac)
    {
        mac = ComputeMac(key, priorMac, buffer[..length], variables);
        var full = variables with { TimersOnly = false };
        return AppendRecord(buffer, length, key.Name, key.AlgorithmName, mac, full);
    }

    /// <summary>
    /// Checks a request's TSIG in the order of RFC 8945 §5.2: the key, then the MAC, then the time.
    /// An unsigned request gives <see cref="TsigVerification.Unsigned"/>.
    /// </summary>
    public static TsigVerification VerifyRequest(ReadOnlySpan<byte> message, TsigKeyRing keys, TimeProvider time)
    {
        if (!TsigRecord.TryFind(message, out var record) || record is null)
        {
            return TsigVerification.Unsigned;
        }

        var key = keys.Find(record.KeyName);
        if (key is null || !TsigAlgorithms.TryParse(record.AlgorithmName, out var algorithm) || algorithm != key.Algorithm)
        {
            return new TsigVerification(TsigError.BadKey, record, null);
        }

        var error = CheckMac(key, null, message, record, timersOnly: false);
        if (error != TsigError.NoError)
        {
            return new TsigVerification(error, record, key);
        }

        return new TsigVerification(CheckTime(record, time), record, key);
    }

    /// <summary>Verifies the MAC of a message whose TSIG record has been found.</summary>
    public static TsigError CheckMac(TsigKey key, byte[]? priorMac, ReadOnlySpan<byte> message, TsigRecord record, bool timersOnly)
    {
        int full = TsigAlgorithms.MacLength(key.Algorithm);
        if (record.Mac.Length > full || record.Mac.Length < Math.Max(MinTruncatedMac, full / 2))
        {
            // RFC 8945 §5.2.2.1: a MAC longer than the hash, or cut too short, is BADSIG/BADTRUNC.
            return record.Mac.Length > full || record.Mac.Length == 0 ? TsigError.BadSig : TsigError.BadTrunc;
        }

        var unsigned = WithoutTsig(message, record.Offset);
        var variables = FromRecord(record, timersOnly);
        var expected = ComputeMac(key, priorMac, unsigned, variables);
        return CryptographicOperations.FixedTimeEquals(expected.AsSpan(0, record.Mac.Length), record.Mac)
            ? TsigError.NoError
            : TsigError.BadSig;
    }

    /// <summary>RFC 8945 §5.2.3: the signing time must be within Fudge seconds of ours.</summary>
    public static TsigError CheckTime(TsigRecord record, TimeProvider time)
    {
        long now = time.GetUtcNow().ToUnixTimeSeconds();
        return Math.Abs(now - record.TimeSigned) > record.Fudge ? TsigError.BadTime : TsigError.NoError;
    }

    public static TsigVariables FromRecord(TsigRecord record, bool timersOnly) =>
        new(record.OriginalId, record.TimeSigned, record.Fudge, record.Error, record.OtherData, timersOnly);

    /// <summary>The message as it was before its TSIG record was added: cut there, ARCOUNT less one.</summary>
    public static byte[] WithoutTsig(ReadOnlySpan<byte> message, int tsigOffset)
    {
        var copy = message[..tsigOffset].ToArray();
        ushort additional = BinaryPrimitives.ReadUInt16BigEndian(copy.AsSpan(10));
        BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(10), (ushort)(additional - 1));
        return copy;
    }

    /// <summary>The 48-bit Time Signed field (RFC 8945 §4.2).</summary>
    public static void WriteTime(Span<byte> destination, long seconds)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)(seconds >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(destination[2..], (uint)seconds);
    }
}

/// <summary>The TSIG fields covered by the MAC besides the message (RFC 8945 §4.3.3).</summary>
public readonly record struct TsigVariables(
    ushort OriginalId,
    long TimeSigned,
    ushort Fudge,
    TsigError Error,
    ReadOnlyMemory<byte> OtherData,
    bool TimersOnly = false);

/// <summary>The outcome of checking a request's TSIG: the record and key when there was one.</summary>
public sealed record TsigVerification(TsigError Error, TsigRecord? Record, TsigKey? Key)
{
    public static TsigVerification Unsigned { get; } = new(TsigError.NoError, null, null);

    public bool IsSigned => Record is not null;

    public bool IsValid => Record is not null && Key is not null && Error == TsigError.NoError;
}
