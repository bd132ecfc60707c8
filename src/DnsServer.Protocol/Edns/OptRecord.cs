using System.Globalization;
using System.Text;

namespace DnsServer.Protocol.Edns;

/// <summary>
/// The OPT pseudo-record of a message (RFC 6891 §6.1), as an allocating model with its options
/// kept as they came. The query path reads <see cref="EdnsQueryInfo"/> instead.
/// </summary>
public sealed class OptRecord
{
    public OptRecord(ushort udpPayloadSize, byte extendedRCodeHigh, byte version, ushort flags, IEnumerable<EdnsOption>? options = null)
    {
        UdpPayloadSize = udpPayloadSize;
        ExtendedRCodeHigh = extendedRCodeHigh;
        Version = version;
        Flags = flags;
        Options = [.. (options ?? []).Select(o => new EdnsOption(o.Code, o.Data.ToArray()))];
    }

    public ushort UdpPayloadSize { get; }

    /// <summary>The upper eight bits of the 12-bit response code (RFC 6891 §6.1.3).</summary>
    public byte ExtendedRCodeHigh { get; }

    public byte Version { get; }

    /// <summary>All 16 flag bits; only DO is defined.</summary>
    public ushort Flags { get; }

    public bool DnssecOk => (Flags & EdnsWire.DnssecOkFlag) != 0;

    public IReadOnlyList<EdnsOption> Options { get; }

    /// <summary>Decodes an OPT record's class, TTL and RDATA (already located in the message).</summary>
    public static OptRecord Read(in DnsRecordInfo record, ReadOnlySpan<byte> message)
    {
        if (record.NameLength != 1)
        {
            throw new DnsFormatException("OPT owner is not the root");
        }

        var rdata = message.Slice(record.RDataOffset, record.RDataLength);
        var options = new List<EdnsOption>();
        int offset = 0;
        while (EdnsWire.TryReadOption(rdata, ref offset, out ushort code, out int dataOffset, out int dataLength))
        {
            options.Add(new EdnsOption(code, rdata.Slice(dataOffset, dataLength).ToArray()));
        }

        var (high, version, flags) = EdnsWire.SplitTtl(record.Ttl);
        return new OptRecord((ushort)record.Class, high, version, flags, options);
    }

    public void WriteTo(ref DnsMessageWriter writer)
    {
        int length = EdnsWire.BeginOpt(ref writer, UdpPayloadSize, ExtendedRCodeHigh, Version, Flags);
        foreach (var option in Options)
        {
            EdnsWire.WriteOption(ref writer, option.Code, option.Data.Span);
        }

        writer.EndRecord(length);
    }

    /// <summary>The EDNS lines of dig's OPT PSEUDOSECTION.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"; EDNS: version: {Version}, flags:{(DnssecOk ? " do" : "")}; udp: {UdpPayloadSize}");
        foreach (var option in Options)
        {
            builder.AppendLine().Append("; ").Append(FormatOption(option));
        }

        return builder.ToString();
    }

    private static string FormatOption(EdnsOption option)
    {
        var data = option.Data.Span;
        return option.Code switch
        {
            EdnsOptionCode.ClientSubnet when TryClientSubnet(data, out var subnet) => $"CLIENT-SUBNET: {subnet}",
            EdnsOptionCode.Cookie => $"COOKIE: {Convert.ToHexString(data)}",
            EdnsOptionCode.Nsid => $"NSID: {Convert.ToHexString(data)}",
            EdnsOptionCode.Padding => $"PAD: ({data.Length} bytes)",
            _ => $"OPT={option.Code.ToString(CultureInfo.InvariantCulture)}: {Convert.ToHexString(data)}",
        };
    }

    private static bool TryClientSubnet(ReadOnlySpan<byte> data, out ClientSubnet subnet)
    {
        try
        {
            subnet = ClientSubnet.Read(data);
            return true;
        }
        catch (DnsFormatException)
        {
            subnet = default;
            return false;
        }
    }
}
