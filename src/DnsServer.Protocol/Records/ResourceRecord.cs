namespace DnsServer.Protocol.Records;

/// <summary>One resource record: owner, type (from its data), class, TTL and data.</summary>
public sealed record ResourceRecord(DnsName Name, RecordClass Class, uint Ttl, RData Data)
{
    public RecordType Type => Data.Type;

    /// <summary>The record in zone-file form: <c>owner TTL CLASS TYPE rdata</c>.</summary>
    public override string ToString() =>
        $"{Name}\t{Ttl}\t{RecordClassText.ToText(Class)}\t{RecordTypeText.ToText(Type)}\t{Data}";
}
