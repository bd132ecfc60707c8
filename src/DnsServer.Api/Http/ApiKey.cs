using System.Security.Cryptography;
using System.Text;

namespace DnsServer.Api.Http;

/// <summary>
/// The key that write requests carry as <c>Authorization: Bearer KEY</c>: the file <c>api-key</c>
/// in the data folder, made at first start with 256 random bits and mode 0600.
/// </summary>
internal sealed class ApiKey
{
    public const string FileName = "api-key";

    private readonly byte[] _key;

    private ApiKey(string value, string path, bool created)
    {
        Value = value;
        Path = path;
        Created = created;
        _key = Encoding.ASCII.GetBytes(value);
    }

    public string Value { get; }

    public string Path { get; }

    /// <summary>True when this start made the key (and so should show it once).</summary>
    public bool Created { get; }

    public static ApiKey LoadOrCreate(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(dataDirectory, FileName));
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path).Trim();
            if (existing.Length >= 16)
            {
                return new ApiKey(existing, path, created: false);
            }
        }

        var value = Convert.ToBase64String(NewSecret()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(path, Encoding.ASCII, options))
        {
            writer.Write(value);
            writer.Write('\n');
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return new ApiKey(value, path, created: true);
    }

    private static byte[] NewSecret()
    {
        var secret = new byte[32];
        Protocol.SecureRandom.Fill(secret);
        return secret;
    }

    /// <summary>Compares in constant time, so the time taken tells nothing of the key.</summary>
    public bool Matches(ReadOnlySpan<char> candidate)
    {
        Span<byte> bytes = stackalloc byte[Math.Min(candidate.Length, 256)];
        if (candidate.Length > bytes.Length || Encoding.ASCII.GetBytes(candidate, bytes) != candidate.Length)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(bytes, _key);
    }
}
