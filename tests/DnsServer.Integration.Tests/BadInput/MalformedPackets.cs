using static DnsServer.Integration.Tests.Infrastructure.WireQuery;

namespace DnsServer.Integration.Tests.BadInput;

/// <summary>The malformed queries of the bad-input table in docs/conformance.md, by name.</summary>
internal static class MalformedPackets
{
    public const ushort Id = 0xBAD0;

    private static readonly byte[] Question = [.. EncodeName("www.example.test."), 0, 1, 0, 1];

    public static byte[] Valid => Build(Id, "www.example.test.");

    public static IReadOnlyDictionary<string, byte[]> All { get; } = Create();

    private static Dictionary<string, byte[]> Create()
    {
        var packets = new Dictionary<string, byte[]>
        {
            ["empty datagram"] = [],
        };
        for (int length = 1; length < 12; length++)
        {
            packets[$"short header, {length} bytes"] = Valid[..length];
        }

        packets["QDCOUNT 0"] = Message(questions: 0);
        packets["QDCOUNT 2"] = Message(questions: 2, body: [.. Question, .. EncodeName("mail.example.test."), 0, 1, 0, 1]);
        packets["QDCOUNT 1, question missing"] = Message(questions: 1);
        packets["question cut inside QTYPE"] = Message(questions: 1, body: [.. EncodeName("www.example.test."), 0]);
        packets["label longer than 63"] = Message(questions: 1, body: [64, .. Enumerable.Repeat((byte)'a', 64), .. EncodeName("example.test."), 0, 1, 0, 1]);
        packets["name longer than 255"] = Message(questions: 1, body: [.. LongName(), 0, 1, 0, 1]);
        packets["compression pointer to itself"] = Message(questions: 1, body: [0xC0, 12, 0, 1, 0, 1]);
        packets["compression pointer loop of two"] = Message(questions: 1, body: [1, (byte)'a', 0xC0, 16, 0, 1, 0, 1, 0xC0, 12]);
        packets["forward compression pointer"] = Message(questions: 1, body: [0xC0, 18, 0, 1, 0, 1, .. EncodeName("www.example.test.")]);
        packets["compression pointer past the end"] = Message(questions: 1, body: [0xC0, 0xFF, 0, 1, 0, 1]);
        packets["OPT owner not the root"] = Message(questions: 1, additional: 1, body: [.. Question, .. Opt(1232, owner: EncodeName("a."))]);
        packets["two OPT records"] = Message(questions: 1, additional: 2, body: [.. Question, .. Opt(1232), .. Opt(1232)]);
        packets["OPT option length past RDATA"] = Message(questions: 1, additional: 1, body: [.. Question, .. Opt(1232, options: [0, 10, 0, 32, 1, 2, 3, 4, 5, 6, 7, 8])]);
        packets["OPT RDLENGTH past the end"] = Message(questions: 1, additional: 1, body: [.. Question, .. Opt(1232)[..^2], 0, 20, 0, 10]);
        packets["OPT in the answer section"] = Message(questions: 1, answers: 1, body: [.. Question, .. Opt(1232)]);
        packets["ANCOUNT 1, no record"] = Message(questions: 1, answers: 1, body: Question);
        packets["trailing bytes after the question"] = Message(questions: 1, body: [.. Question, 0xDE, 0xAD, 0xBE, 0xEF]);
        packets["QR=1 (a response)"] = Message(questions: 1, flags: 0x8000, body: Question);
        packets["opcode 3 (unassigned)"] = Message(questions: 1, flags: 3 << 11, body: Question);
        packets["opcode 2 (STATUS)"] = Message(questions: 1, flags: 2 << 11, body: Question);
        packets["EDNS version 1"] = Build(Id, "www.example.test.", ednsPayload: 1232, ednsVersion: 1);
        packets["QCLASS CH"] = Message(questions: 1, body: [.. EncodeName("www.example.test."), 0, 1, 0, 3]);
        return packets;
    }

    private static byte[] Message(ushort questions, byte[]? body = null, ushort flags = 0, ushort answers = 0, ushort additional = 0)
    {
        var packet = new List<byte>();
        AppendHeader(packet, Id, flags, questions, answers, 0, additional);
        packet.AddRange(body ?? []);
        return [.. packet];
    }

    private static byte[] LongName()
    {
        var label = new string('a', 63);
        return EncodeName(string.Join('.', Enumerable.Repeat(label, 5)) + ".");
    }
}
