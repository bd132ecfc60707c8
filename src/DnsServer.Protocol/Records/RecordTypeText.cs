using System.Collections.Frozen;
using System.Globalization;

namespace DnsServer.Protocol.Records;

/// <summary>Type mnemonics and the RFC 3597 §5 <c>TYPEnnn</c> form for types without one.</summary>
public static class RecordTypeText
{
    private static readonly FrozenDictionary<string, RecordType> ByName =
        Enum.GetValues<RecordType>().ToFrozenDictionary(t => t.ToString(), t => t, StringComparer.OrdinalIgnoreCase);

    public static string ToText(RecordType type) =>
        Enum.IsDefined(type) ? type.ToString() : "TYPE" + ((ushort)type).ToString(CultureInfo.InvariantCulture);

    public static bool TryParse(ReadOnlySpan<char> text, out RecordType type)
    {
        if (ByName.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(text, out type))
        {
            return true;
        }

        if (text.Length > 4 && text[..4].Equals("TYPE", StringComparison.OrdinalIgnoreCase)
            && ushort.TryParse(text[4..], NumberStyles.None, CultureInfo.InvariantCulture, out ushort value))
        {
            type = (RecordType)value;
            return true;
        }

        type = default;
        return false;
    }
}

/// <summary>Class mnemonics and the RFC 3597 §5 <c>CLASSnnn</c> form.</summary>
public static class RecordClassText
{
    public static string ToText(RecordClass recordClass) =>
        Enum.IsDefined(recordClass) ? recordClass.ToString() : "CLASS" + ((ushort)recordClass).ToString(CultureInfo.InvariantCulture);

    public static bool TryParse(ReadOnlySpan<char> text, out RecordClass recordClass)
    {
        foreach (var known in (ReadOnlySpan<RecordClass>)[RecordClass.IN, RecordClass.CH, RecordClass.HS, RecordClass.NONE, RecordClass.ANY])
        {
            if (text.Equals(known.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                recordClass = known;
                return true;
            }
        }

        if (text.Length > 5 && text[..5].Equals("CLASS", StringComparison.OrdinalIgnoreCase)
            && ushort.TryParse(text[5..], NumberStyles.None, CultureInfo.InvariantCulture, out ushort value))
        {
            recordClass = (RecordClass)value;
            return true;
        }

        recordClass = default;
        return false;
    }
}
