namespace DnsServer.Protocol;

/// <summary>
/// The one exception the codec throws: the bytes or the text do not form valid DNS data.
/// A query that raises it is answered with FORMERR; a zone line that raises it is reported with its line.
/// </summary>
public sealed class DnsFormatException : Exception
{
    public DnsFormatException()
    {
    }

    public DnsFormatException(string message)
        : base(message)
    {
    }

    public DnsFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
