namespace DnsServer.Pipeline;

/// <summary>Which stage produced the response: for the query log and metrics.</summary>
public enum AnswerSource : byte
{
    None,
    Validation,
    Authoritative,
    Policy,
    Recursive,
    Refused,
    Error,
}

/// <summary>How the query arrived.</summary>
public enum TransportKind : byte
{
    Udp,
    Tcp,
}
