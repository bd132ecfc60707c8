using System.Security.Cryptography;

namespace DnsServer.Protocol.Tsig;

/// <summary>
/// Signs the messages of one exchange in turn: a request (no prior MAC), or the responses to a
/// signed request (the request's MAC first). The first message carries every TSIG variable; each
/// later one chains the MAC before it and covers only the timers (RFC 8945 §5.3.1). We sign every
/// message of a stream, which the RFC allows and every peer accepts.
/// </summary>
public sealed class TsigSession
{
    private readonly TsigKey _key;
    private readonly TimeProvider _time;
    private readonly ushort _fudge;
    private byte[]? _priorMac;
    private bool _started;

    public TsigSession(TsigKey key, TimeProvider time, byte[]? requestMac = null, ushort fudge = TsigSigner.DefaultFudge)
    {
        _key = key;
        _time = time;
        _priorMac = requestMac;
        _fudge = fudge;
    }

    public TsigKey Key => _key;

    /// <summary>The MAC of the last message signed.</summary>
    public byte[]? LastMac => _priorMac;

    /// <summary>Signs the message in place; returns the new length, or -1 when the record does not fit.</summary>
    public int Sign(Span<byte> buffer, int length, TsigError error = TsigError.NoError, ReadOnlyMemory<byte> otherData = default)
    {
        ushort id = (ushort)((buffer[0] << 8) | buffer[1]);
        var variables = new TsigVariables(id, _time.GetUtcNow().ToUnixTimeSeconds(), _fudge, error, otherData, TimersOnly: _started);
        int signed = TsigSigner.Sign(buffer, length, _key, _priorMac, variables, out var mac);
        if (signed > 0)
        {
            _priorMac = mac;
            _started = true;
        }

        return signed;
    }
}

/// <summary>
/// Verifies the responses to a signed request, message by message (RFC 8945 §5.3.1): each signed
/// message chains the MAC before it; unsigned messages in between (up to 99) are covered by the
/// next signed one. The first and the last message must be signed.
/// </summary>
public sealed class TsigResponseVerifier : IDisposable
{
    /// <summary>RFC 8945 §5.3.1: at least every 100th message is signed.</summary>
    public const int MaxUnsignedRun = 99;

    private readonly TsigKey _key;
    private readonly TimeProvider _time;
    private byte[] _priorMac;
    private IncrementalHash? _hash;
    private int _unsigned;
    private bool _started;

    public TsigResponseVerifier(TsigKey key, byte[] requestMac, TimeProvider time)
    {
        _key = key;
        _priorMac = requestMac;
        _time = time;
    }

    /// <summary>True when the last message verified was signed: a stream may end only there.</summary>
    public bool AtSignedMessage => _started && _unsigned == 0;

    /// <summary>Checks one response; any error means the whole exchange is to be discarded.</summary>
    public TsigError Verify(ReadOnlySpan<byte> message)
    {
        TsigRecord? record;
        try
        {
            TsigRecord.TryFind(message, out record);
        }
        catch (DnsFormatException)
        {
            return TsigError.BadSig;
        }

        _hash ??= Begin();
        if (record is null)
        {
            if (!_started || ++_unsigned > MaxUnsignedRun)
            {
                return TsigError.BadSig;
            }

            _hash.AppendData(message);
            return TsigError.NoError;
        }

        if (!record.KeyName.Equals(_key.Name) || record.Error != TsigError.NoError)
        {
            return record.Error != TsigError.NoError ? record.Error : TsigError.BadKey;
        }

        var unsigned = TsigSigner.WithoutTsig(message, record.Offset);
        TsigSigner.AppendMessage(_hash, unsigned, record.OriginalId);
        TsigSigner.AppendVariables(_hash, _key, TsigSigner.FromRecord(record, timersOnly: _started));
        var expected = _hash.GetHashAndReset();
        _hash.Dispose();
        _hash = null;
        if (record.Mac.Length == 0 || record.Mac.Length > expected.Length
            || !CryptographicOperations.FixedTimeEquals(expected.AsSpan(0, record.Mac.Length), record.Mac))
        {
            return TsigError.BadSig;
        }

        _priorMac = record.Mac;
        _started = true;
        _unsigned = 0;
        return TsigSigner.CheckTime(record, _time);
    }

    private IncrementalHash Begin()
    {
        var hash = TsigAlgorithms.CreateHmac(_key);
        TsigSigner.AppendPrior(hash, _priorMac);
        return hash;
    }

    public void Dispose() => _hash?.Dispose();
}
