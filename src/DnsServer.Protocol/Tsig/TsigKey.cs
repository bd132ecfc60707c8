using System.Security.Cryptography;

namespace DnsServer.Protocol.Tsig;

/// <summary>The HMAC algorithms of RFC 8945 §6 that we sign and verify with.</summary>
public enum TsigAlgorithm
{
    HmacSha1,
    HmacSha256,
    HmacSha384,
    HmacSha512,
}

/// <summary>A shared secret known by its name (RFC 8945 §4.2, the TSIG owner name).</summary>
public sealed record TsigKey(DnsName Name, TsigAlgorithm Algorithm, byte[] Secret)
{
    /// <summary>The algorithm's name as it goes on the wire, e.g. <c>hmac-sha256.</c> (RFC 8945 §6).</summary>
    public DnsName AlgorithmName => TsigAlgorithms.NameOf(Algorithm);

    /// <summary>Reads a key as configured: a name, an algorithm (<c>hmac-sha256</c>, …) and a base64 secret.</summary>
    public static TsigKey Parse(string name, string algorithm, string secret)
    {
        if (!TsigAlgorithms.TryParse(algorithm, out var parsed))
        {
            throw new FormatException($"TSIG key {name}: unknown algorithm '{algorithm}' (hmac-sha1, hmac-sha256, hmac-sha384, hmac-sha512)");
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(secret);
        }
        catch (FormatException)
        {
            throw new FormatException($"TSIG key {name}: the secret is not base64");
        }

        if (bytes.Length == 0)
        {
            throw new FormatException($"TSIG key {name}: the secret is empty");
        }

        return new TsigKey(DnsName.Parse(name.EndsWith('.') ? name : name + "."), parsed, bytes);
    }
}

/// <summary>Names, MAC sizes and HMAC instances of the TSIG algorithms.</summary>
public static class TsigAlgorithms
{
    private static readonly DnsName Sha1 = DnsName.Parse("hmac-sha1.");
    private static readonly DnsName Sha256 = DnsName.Parse("hmac-sha256.");
    private static readonly DnsName Sha384 = DnsName.Parse("hmac-sha384.");
    private static readonly DnsName Sha512 = DnsName.Parse("hmac-sha512.");

    public static DnsName NameOf(TsigAlgorithm algorithm) => algorithm switch
    {
        TsigAlgorithm.HmacSha1 => Sha1,
        TsigAlgorithm.HmacSha256 => Sha256,
        TsigAlgorithm.HmacSha384 => Sha384,
        _ => Sha512,
    };

    public static int MacLength(TsigAlgorithm algorithm) => algorithm switch
    {
        TsigAlgorithm.HmacSha1 => 20,
        TsigAlgorithm.HmacSha256 => 32,
        TsigAlgorithm.HmacSha384 => 48,
        _ => 64,
    };

    public static bool TryParse(string text, out TsigAlgorithm algorithm)
    {
        string name = text.TrimEnd('.').ToLowerInvariant();
        (bool found, algorithm) = name switch
        {
            "hmac-sha1" => (true, TsigAlgorithm.HmacSha1),
            "hmac-sha256" => (true, TsigAlgorithm.HmacSha256),
            "hmac-sha384" => (true, TsigAlgorithm.HmacSha384),
            "hmac-sha512" => (true, TsigAlgorithm.HmacSha512),
            _ => (false, TsigAlgorithm.HmacSha256),
        };
        return found;
    }

    public static bool TryParse(DnsName name, out TsigAlgorithm algorithm) => TryParse(name.ToString(), out algorithm);

    public static IncrementalHash CreateHmac(TsigKey key) => IncrementalHash.CreateHMAC(
        key.Algorithm switch
        {
            TsigAlgorithm.HmacSha1 => HashAlgorithmName.SHA1,
            TsigAlgorithm.HmacSha256 => HashAlgorithmName.SHA256,
            TsigAlgorithm.HmacSha384 => HashAlgorithmName.SHA384,
            _ => HashAlgorithmName.SHA512,
        },
        key.Secret);
}

/// <summary>The keys a server knows, found by name (compared without case).</summary>
public sealed class TsigKeyRing
{
    private readonly Dictionary<DnsName, TsigKey> _keys = [];

    public TsigKeyRing(IEnumerable<TsigKey> keys)
    {
        foreach (var key in keys)
        {
            _keys[key.Name] = key;
        }
    }

    public static TsigKeyRing Empty { get; } = new([]);

    public int Count => _keys.Count;

    public TsigKey? Find(DnsName name) => _keys.GetValueOrDefault(name);
}
