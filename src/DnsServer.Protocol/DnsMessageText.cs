using System.Globalization;
using System.Text;
using DnsServer.Protocol.Records;

namespace DnsServer.Protocol;

/// <summary>Formats a <see cref="DnsMessage"/> in the layout of dig's output.</summary>
internal static class DnsMessageText
{
    public static string Format(DnsMessage message)
    {
        var builder = new StringBuilder();
        string opcode = message.OpCode.ToString().ToUpperInvariant();
        string status = message.ResponseCode.ToString().ToUpperInvariant();
        builder.Append(CultureInfo.InvariantCulture, $";; ->>HEADER<<- opcode: {opcode}, status: {status}, id: {message.Id}").AppendLine();
        builder.Append(";; flags:").Append(FlagText(message.Flags))
            .Append(CultureInfo.InvariantCulture, $"; QUERY: {message.Questions.Count}, ANSWER: {message.Answers.Count}, ")
            .Append(CultureInfo.InvariantCulture, $"AUTHORITY: {message.Authority.Count}, ADDITIONAL: {message.Additional.Count + (message.Opt is null ? 0 : 1)}")
            .AppendLine();
        if (message.Opt is not null)
        {
            builder.AppendLine().AppendLine(";; OPT PSEUDOSECTION:").AppendLine(message.Opt.ToString());
        }

        if (message.Questions.Count > 0)
        {
            builder.AppendLine().AppendLine(";; QUESTION SECTION:");
            foreach (var question in message.Questions)
            {
                builder.Append(';').AppendLine(question.ToString());
            }
        }

        AppendSection(builder, "ANSWER", message.Answers);
        AppendSection(builder, "AUTHORITY", message.Authority);
        AppendSection(builder, "ADDITIONAL", message.Additional);
        return builder.ToString();
    }

    private static string FlagText(ushort flags)
    {
        var builder = new StringBuilder();
        foreach (var (bit, name) in (ReadOnlySpan<(ushort, string)>)[
            (DnsHeader.QRFlag, "qr"), (DnsHeader.AAFlag, "aa"), (DnsHeader.TCFlag, "tc"), (DnsHeader.RDFlag, "rd"),
            (DnsHeader.RAFlag, "ra"), (DnsHeader.ADFlag, "ad"), (DnsHeader.CDFlag, "cd")])
        {
            if ((flags & bit) != 0)
            {
                builder.Append(' ').Append(name);
            }
        }

        return builder.ToString();
    }

    private static void AppendSection(StringBuilder builder, string title, IReadOnlyList<ResourceRecord> records)
    {
        if (records.Count == 0)
        {
            return;
        }

        builder.AppendLine().Append(";; ").Append(title).AppendLine(" SECTION:");
        foreach (var record in records)
        {
            builder.AppendLine(record.ToString());
        }
    }
}
