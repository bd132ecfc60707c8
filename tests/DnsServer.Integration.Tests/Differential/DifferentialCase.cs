namespace DnsServer.Integration.Tests.Differential;

/// <summary>How a query is sent: UDP without EDNS, UDP with an EDNS payload size, or TCP.</summary>
internal sealed record QueryTransport(string Name, bool Tcp, int? EdnsPayload)
{
    public static readonly QueryTransport Udp = new("udp", false, null);
    public static readonly QueryTransport UdpEdns512 = new("udp+edns512", false, 512);
    public static readonly QueryTransport UdpEdns1232 = new("udp+edns1232", false, 1232);
    public static readonly QueryTransport UdpEdns4096 = new("udp+edns4096", false, 4096);
    public static readonly QueryTransport TcpPlain = new("tcp", true, null);

    public static readonly IReadOnlyList<QueryTransport> All = [Udp, UdpEdns512, UdpEdns1232, UdpEdns4096, TcpPlain];

    /// <summary>The most a UDP response may hold: 512 without EDNS, else the client's payload size (RFC 6891 §6.2.5).</summary>
    public int SizeLimit => Tcp ? 65535 : Math.Max(512, EdnsPayload ?? 512);
}

/// <summary>One query sent to every server; the id names it in test output.</summary>
internal sealed record DifferentialCase(string QName, string QType, QueryTransport Transport)
{
    public string Id => $"{QName} {QType} {Transport.Name}";
}
