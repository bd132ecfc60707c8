using System.Collections.Concurrent;
using System.Net;

namespace DnsServer.Integration.Tests.Infrastructure;

/// <summary>
/// Our server, NSD and Knot, started once for the tests of <see cref="LoopbackServersCollection"/>,
/// each on its own loopback address and a free port, all serving the same zone folder: the
/// repository's sample zones plus the differential test zone diff.test. Our server closes idle
/// TCP connections after two seconds (<c>Tcp:IdleTimeout</c>), as the peers are configured to.
/// </summary>
public sealed class LoopbackServers : IAsyncLifetime, IDisposable
{
    public static readonly IPAddress OurAddress = IPAddress.Loopback;
    public static readonly IPAddress NsdAddress = IPAddress.Parse("127.0.0.31");
    public static readonly IPAddress KnotAddress = IPAddress.Parse("127.0.0.32");

    public static readonly TimeSpan OurTcpIdleTimeout = TimeSpan.FromSeconds(2);

    private readonly TempDirectory _zones = new("zones");
    private readonly ConcurrentDictionary<Type, Lazy<object>> _shared = new();
    private ServerProcess? _ours;
    private PeerServer? _nsd;
    private PeerServer? _knot;

    internal ServerProcess Ours => _ours ?? throw new InvalidOperationException("not started");

    internal PeerServer Nsd => _nsd ?? throw new InvalidOperationException("not started");

    internal PeerServer Knot => _knot ?? throw new InvalidOperationException("not started");

    public string ZoneDirectory => _zones.Path;

    /// <summary>The three servers by name, ours first.</summary>
    internal IReadOnlyList<(string Name, IPEndPoint Endpoint)> All =>
        [("ours", Ours.Endpoint), ("nsd", Nsd.Endpoint), ("knot", Knot.Endpoint)];

    /// <summary>A result computed once for all tests of the collection (the differential run).</summary>
    internal T Shared<T>(Func<LoopbackServers, T> create)
        where T : class =>
        (T)_shared.GetOrAdd(typeof(T), _ => new Lazy<object>(() => create(this))).Value;

    public async Task InitializeAsync()
    {
        foreach (var file in Directory.GetFiles(RepositoryPaths.SampleZones, "*.zone").Concat(Directory.GetFiles(RepositoryPaths.TestFile("Zones"), "*.zone")))
        {
            File.Copy(file, _zones.Combine(Path.GetFileName(file)));
        }

        var zones = ZoneFile.InDirectory(_zones.Path);
        var ours = ServerProcess.StartAsync(new ServerStartOptions
        {
            Zones = _zones.Path,
            Address = OurAddress,
            ConfigJson = $$"""{ "Tcp": { "IdleTimeout": "{{OurTcpIdleTimeout:c}}" } }""",
        });
        var nsd = PeerServer.StartAsync(PeerKind.Nsd, NsdAddress, zones);
        var knot = PeerServer.StartAsync(PeerKind.Knot, KnotAddress, zones);
        try
        {
            await Task.WhenAll(ours, nsd, knot);
        }
        finally
        {
            _ours = ours.IsCompletedSuccessfully ? ours.Result : null;
            _nsd = nsd.IsCompletedSuccessfully ? nsd.Result : null;
            _knot = knot.IsCompletedSuccessfully ? knot.Result : null;
            if (_ours is null || _nsd is null || _knot is null)
            {
                Dispose();
            }
        }
    }

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _ours?.Dispose();
        _nsd?.Dispose();
        _knot?.Dispose();
        _ours = null;
        _nsd = null;
        _knot = null;
        _zones.Dispose();
    }
}

/// <summary>Tests that share one set of <see cref="LoopbackServers"/>; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class LoopbackServersCollection : ICollectionFixture<LoopbackServers>
{
    public const string Name = "loopback servers";
}
