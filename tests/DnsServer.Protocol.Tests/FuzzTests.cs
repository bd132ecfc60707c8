using CsCheck;

namespace DnsServer.Protocol.Tests;

public sealed class FuzzTests
{
    private const string Seed = "0N0XIzNsQ0O2";

    private static void ParseOrFormatError(byte[] bytes)
    {
        try
        {
            var message = DnsMessage.Parse(bytes);
            _ = message.ToString();
            _ = message.ToArray();
        }
        catch (DnsFormatException)
        {
        }
    }

    [Fact]
    public void Parse_RandomBytes_ThrowsNothingButFormatException() =>
        Gen.Byte.Array[0, 600].Sample(ParseOrFormatError, iter: 20000, seed: Seed);

    [Fact]
    public void Parse_RandomHeaderThenRandomBytes_ThrowsNothingButFormatException() =>
        Gen.Select(Gen.UShort, Gen.Int[0, 3], Gen.Int[0, 3], Gen.Byte.Array[0, 300])
            .Sample((flags, questions, answers, body) =>
            {
                byte[] bytes = [0, 1, (byte)(flags >> 8), (byte)flags, 0, (byte)questions, 0, (byte)answers, 0, 0, 0, 1, .. body];
                ParseOrFormatError(bytes);
            }, iter: 20000, seed: Seed);

    [Fact]
    public void Parse_MutatedValidMessages_ThrowsNothingButFormatException()
    {
        byte[][] valid = [.. TestMessages.All().Select(m => m.Message.ToArray()), .. FixtureTests.LoadAll().Select(f => f.Bytes)];
        Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Select(Gen.Int[0, 65535], Gen.Byte, Gen.Int[0, 3]).Array[1, 6])
            .Sample((which, mutations) =>
            {
                byte[] bytes = [.. valid[which]];
                foreach (var (where, value, kind) in mutations)
                {
                    int at = where % bytes.Length;
                    switch (kind)
                    {
                        case 0:
                            bytes[at] = value;
                            break;
                        case 1:
                            bytes[at] ^= (byte)(1 << (value & 7));
                            break;
                        case 2:
                            bytes = bytes[..Math.Max(at, 1)];
                            break;
                        default:
                            bytes = [.. bytes[..at], value, .. bytes[at..]];
                            break;
                    }
                }

                ParseOrFormatError(bytes);
            }, iter: 30000, seed: Seed);
    }
}
