using System.Globalization;
using System.Text;

namespace DnsServer.Protocol.Records;

/// <summary>One SvcParam (RFC 9460 §2.2): a key and its value in wire form.</summary>
public readonly record struct SvcParam(ushort Key, ReadOnlyMemory<byte> Value)
{
    public bool Equals(SvcParam other) => Key == other.Key && Value.Span.SequenceEqual(other.Value.Span);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Key);
        hash.AddBytes(Value.Span);
        return hash.ToHashCode();
    }
}

/// <summary>
/// Service binding: SVCB and HTTPS share this shape (RFC 9460 §2.2). Parameters are kept in wire
/// form, sorted by key, and checked when built. The target is not compressed and, as the type is
/// not in RFC 4034 §6.2's list, compared byte for byte.
/// </summary>
public abstract class ServiceBindingRData : RData
{
    private readonly SvcParam[] _parameters;

    private protected ServiceBindingRData(ushort priority, DnsName target, IEnumerable<SvcParam> parameters)
    {
        Priority = priority;
        Target = target;
        _parameters = [.. parameters.Select(p => new SvcParam(p.Key, p.Value.ToArray())).OrderBy(p => p.Key)];
        for (int i = 0; i < _parameters.Length; i++)
        {
            if (i > 0 && _parameters[i].Key == _parameters[i - 1].Key)
            {
                throw new DnsFormatException($"{RecordTypeText.ToText(Type)} SvcParam {SvcParamText.KeyName(_parameters[i].Key)} appears twice");
            }

            SvcParamText.Validate(Type, _parameters[i]);
        }
    }

    /// <summary>0 is AliasMode; anything else is ServiceMode, lower preferred (RFC 9460 §2.4.1).</summary>
    public ushort Priority { get; }

    public DnsName Target { get; }

    public IReadOnlyList<SvcParam> Parameters => _parameters;

    public override void WriteTo(ref DnsMessageWriter writer)
    {
        writer.WriteUInt16(Priority);
        writer.WriteNameUncompressed(Target);
        foreach (var parameter in _parameters)
        {
            writer.WriteUInt16(parameter.Key);
            writer.WriteUInt16((ushort)parameter.Value.Length);
            writer.WriteBytes(parameter.Value.Span);
        }
    }

    public override string ToString()
    {
        var builder = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{Priority} {Target}");
        foreach (var parameter in _parameters)
        {
            builder.Append(' ');
            SvcParamText.Append(builder, parameter);
        }

        return builder.ToString();
    }

    public override bool Equals(RData? other) =>
        other is ServiceBindingRData s && s.Type == Type && s.Priority == Priority
        && s.Target.Wire.SequenceEqual(Target.Wire) && s._parameters.AsSpan().SequenceEqual(_parameters);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Type);
        hash.Add(Priority);
        hash.Add(Target);
        foreach (var parameter in _parameters)
        {
            hash.Add(parameter);
        }

        return hash.ToHashCode();
    }

    internal static ServiceBindingRData Read(RecordType type, ref RDataCursor cursor)
    {
        ushort priority = cursor.ReadUInt16("priority");
        var target = cursor.ReadName("target");
        var parameters = new List<SvcParam>();
        int lastKey = -1;
        while (!cursor.AtEnd)
        {
            ushort key = cursor.ReadUInt16("SvcParamKey");
            int length = cursor.ReadUInt16("SvcParam length");
            var value = cursor.ReadBytes(length, "SvcParamValue");
            if (key <= lastKey)
            {
                throw new DnsFormatException($"{RecordTypeText.ToText(type)} SvcParamKeys are not in strictly increasing order");
            }

            parameters.Add(new SvcParam(key, value.ToArray()));
            lastKey = key;
        }

        return Create(type, priority, target, parameters);
    }

    internal static ServiceBindingRData Parse(ref TokenCursor tokens)
    {
        ushort priority = tokens.NextUInt16("priority");
        var target = tokens.NextName("target");
        var parameters = new List<SvcParam>();
        while (!tokens.AtEnd)
        {
            parameters.Add(SvcParamText.Parse(ref tokens));
        }

        SvcParamText.CheckMandatory(tokens.Type, parameters);
        return Create(tokens.Type, priority, target, parameters);
    }

    private static ServiceBindingRData Create(RecordType type, ushort priority, DnsName target, List<SvcParam> parameters) =>
        type == RecordType.SVCB ? new SvcbRData(priority, target, parameters) : new HttpsRData(priority, target, parameters);
}

/// <summary>General-purpose service binding (RFC 9460 §2).</summary>
public sealed class SvcbRData(ushort priority, DnsName target, IEnumerable<SvcParam> parameters)
    : ServiceBindingRData(priority, target, parameters)
{
    public override RecordType Type => RecordType.SVCB;
}

/// <summary>Service binding for HTTPS origins (RFC 9460 §9).</summary>
public sealed class HttpsRData(ushort priority, DnsName target, IEnumerable<SvcParam> parameters)
    : ServiceBindingRData(priority, target, parameters)
{
    public override RecordType Type => RecordType.HTTPS;
}
