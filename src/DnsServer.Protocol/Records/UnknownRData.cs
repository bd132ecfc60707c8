using System.Globalization;
using System.Text;

namespace DnsServer.Protocol.Records;

/// <summary>
/// RDATA of a type this codec has no class for, kept as opaque octets and printed in the generic
/// form <c>\# length hex</c> (RFC 3597 §5). Compared byte for byte (RFC 3597 §6).
/// </summary>
public sealed class UnknownRData(RecordType type, ReadOnlySpan<byte> data) : RData
{
    private readonly byte[] _data = data.ToArray();

    public override RecordType Type { get; } = type;

    public ReadOnlyMemory<byte> Data => _data;

    public override void WriteTo(ref DnsMessageWriter writer) => writer.WriteBytes(_data);

    public override string ToString() => ToGenericText(_data);

    /// <summary>The RFC 3597 §5 generic form of any RDATA, as dig prints it.</summary>
    public static string ToGenericText(ReadOnlySpan<byte> data)
    {
        var builder = new StringBuilder().Append(CultureInfo.InvariantCulture, $"\\# {data.Length}");
        if (!data.IsEmpty)
        {
            builder.Append(' ').AppendHexChunked(data);
        }

        return builder.ToString();
    }

    public override bool Equals(RData? other) =>
        other is UnknownRData u && u.Type == Type && u._data.AsSpan().SequenceEqual(_data);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Type);
        hash.AddBytes(_data);
        return hash.ToHashCode();
    }
}
