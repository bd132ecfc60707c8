using System.Net;
using DnsServer.Commands;
using DnsServer.Configuration;

namespace DnsServer.Tests;

public sealed class ServerConfigurationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dnsserver-config-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("127.0.0.1:5300", "127.0.0.1", 5300)]
    [InlineData("[::1]:5300", "::1", 5300)]
    [InlineData("0.0.0.0:53", "0.0.0.0", 53)]
    [InlineData("192.0.2.1", "192.0.2.1", 53)]
    [InlineData("127.0.0.1:0", "127.0.0.1", 0)]
    public void ParseEndpoint_ValidText_Parsed(string text, string address, int port)
    {
        var endpoint = ServerOptions.ParseEndpoint(text);

        Assert.Equal(IPAddress.Parse(address), endpoint.Address);
        Assert.Equal(port, endpoint.Port);
    }

    [Theory]
    [InlineData("localhost:53")]
    [InlineData("127.0.0.1:99999")]
    [InlineData("")]
    public void ParseEndpoint_BadText_FormatException(string text) =>
        Assert.Throws<FormatException>(() => ServerOptions.ParseEndpoint(text));

    [Fact]
    public void Load_NoFlags_Defaults()
    {
        var (options, _) = ServerConfiguration.Load(new ServeFlags([], null, null, null, null));

        Assert.Empty(options.Listen);
        Assert.Equal("data", options.Data);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Tcp.IdleTimeout);
    }

    [Fact]
    public void Load_ConfigFileThenFlags_FlagsWin()
    {
        var file = Path.Combine(_directory, "server.json");
        File.WriteAllText(file, """
            { "Listen": ["127.0.0.1:5401", "127.0.0.1:5402"], "Threads": 3, "Data": "from-file",
              "Tcp": { "IdleTimeout": "00:00:02", "MaxConnections": 7 } }
            """);

        var (options, _) = ServerConfiguration.Load(new ServeFlags(["127.0.0.1:5403"], null, file, null, "from-flag"));

        Assert.Equal(["127.0.0.1:5403"], options.Listen);
        Assert.Equal(3, options.Threads);
        Assert.Equal("from-flag", options.Data);
        Assert.Equal(TimeSpan.FromSeconds(2), options.Tcp.IdleTimeout);
        Assert.Equal(7, options.Tcp.MaxConnections);
    }

    [Fact]
    public void Load_MissingConfigFile_Throws() =>
        Assert.Throws<FileNotFoundException>(() => ServerConfiguration.Load(new ServeFlags([], null, Path.Combine(_directory, "none.json"), null, null)));

    [Fact]
    public void Load_MissingZoneFolder_Throws() =>
        Assert.Throws<InvalidOperationException>(() => ServerConfiguration.Load(new ServeFlags([], Path.Combine(_directory, "none"), null, null, null)));

    [Fact]
    public void Load_BadListen_Throws() =>
        Assert.Throws<FormatException>(() => ServerConfiguration.Load(new ServeFlags(["nonsense"], null, null, null, null)));

    [Fact]
    public void Load_ThreadsOutOfRange_Throws() =>
        Assert.Throws<InvalidOperationException>(() => ServerConfiguration.Load(new ServeFlags([], null, null, 0, null)));
}
