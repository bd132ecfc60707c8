using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using DnsServer.Integration.Tests.Infrastructure;

namespace DnsServer.Integration.Tests.Recursive;

/// <summary>
/// The mini-internet, started once for <see cref="MiniInternetCollection"/>: NSD and Knot serving
/// a fake root, the TLDs test. and lab. and the leaf zones on 127.0.9.1–127.0.9.8 port 53
/// (<see cref="MiniInternetLayout"/>), Unbound as the reference resolver, the dnspython stub
/// client, and on first use our server as a resolver. Every process is stopped by its pid on
/// dispose, whatever the tests did.
/// </summary>
public sealed partial class MiniInternet : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _directory = new("mini-internet");
    private readonly List<AuthoritativeServer> _servers = [];
    private readonly Lazy<Task<OurResolver>> _ours;
    private UnboundResolver? _unbound;
    private ResolverClient? _client;
    private int _cacheZoneSerial = 1;

    public MiniInternet()
    {
        _ours = new Lazy<Task<OurResolver>>(() => OurResolver.StartAsync(RootHintsFile));
    }

    public string ZoneDirectory => _directory.Combine("zones");

    public string RootHintsFile => _directory.Combine("root.hints");

    internal UnboundResolver Unbound => _unbound ?? throw new InvalidOperationException("not started");

    internal ResolverClient Client => _client ?? throw new InvalidOperationException("not started");

    internal IReadOnlyList<AuthoritativeServer> Servers => _servers;

    /// <summary>Our resolver, started on first use; the start's failure is kept and thrown to every caller.</summary>
    internal Task<OurResolver> OursAsync() => _ours.Value;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(ZoneDirectory);
        foreach (var file in Directory.GetFiles(MiniInternetLayout.ZoneSource, "*.zone"))
        {
            File.Copy(file, Path.Combine(ZoneDirectory, Path.GetFileName(file)));
        }

        File.WriteAllText(RootHintsFile, MiniInternetLayout.RootHints);
        try
        {
            await EnsureAddressesFreeAsync();
            var starting = MiniInternetLayout.Servers.Select(spec => AuthoritativeServer.StartAsync(spec, ZoneDirectory)).ToList();
            try
            {
                await Task.WhenAll(starting);
            }
            finally
            {
                _servers.AddRange(starting.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
            }

            _unbound = await UnboundResolver.StartAsync(RootHintsFile);
            _client = ResolverClient.Start();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>
    /// Fails at once when something already answers on a mini-internet address: another run of
    /// these tests, say. Knot binds with SO_REUSEPORT, so a second Knot would share the port and
    /// take half the queries instead of failing to start.
    /// </summary>
    private static async Task EnsureAddressesFreeAsync()
    {
        var addresses = MiniInternetLayout.Servers.SelectMany(s => s.Addresses).Append(MiniInternetLayout.LameAddress);
        foreach (var address in addresses)
        {
            var endpoint = new System.Net.IPEndPoint(address, MiniInternetLayout.AuthoritativePort);
            if (await DnsExchange.UdpAsync(endpoint, WireQuery.Build(0x5EED, ".", WireQuery.TypeSoa), TimeSpan.FromMilliseconds(100)) is not null)
            {
                throw new InvalidOperationException($"something already answers on {endpoint}; is another run of the mini-internet tests going on?");
            }
        }
    }

    internal AuthoritativeServer Server(string name) => _servers.Single(s => s.Spec.Name == name);

    /// <summary>Queries received by all authoritative servers together so far.</summary>
    internal QueryCounters UpstreamCounters()
    {
        var counts = _servers.AsParallel().Select(s => s.Counters()).ToList();
        return counts.Aggregate(default(QueryCounters), (sum, c) => sum + c);
    }

    /// <summary>
    /// Rewrites cache.lab.'s zone file so that ttl2.cache.lab. (TTL 2) has <paramref name="address"/>,
    /// with a higher serial; reloads Knot and waits until Knot answers with it.
    /// </summary>
    internal async Task ChangeTtl2RecordAsync(string address)
    {
        var file = Path.Combine(ZoneDirectory, MiniInternetLayout.ZoneFileName(MiniInternetLayout.CacheZone));
        var text = File.ReadAllText(file);
        text = Ttl2Record().Replace(text, $"${{owner}}{address}");
        text = SoaSerial().Replace(text, m => m.Groups["head"].Value + (++_cacheZoneSerial).ToString(CultureInfo.InvariantCulture) + m.Groups["tail"].Value);
        File.WriteAllText(file, text);
        var knot = Server("knot-leaf");
        knot.Reload(MiniInternetLayout.CacheZone);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var served = await Client.AskAsync(knot.Endpoint, "ttl2.cache.lab.", "A", TimeSpan.FromSeconds(1));
            if (served.Answer.Any(r => r.Data == address))
            {
                return;
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(5))
            {
                throw new TimeoutException($"knot-leaf did not serve ttl2.cache.lab. A {address} 5 s after zone-reload; it answers: {served}");
            }

            await Task.Delay(50);
        }
    }

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        if (_ours.IsValueCreated && _ours.Value.IsCompletedSuccessfully)
        {
            _ours.Value.Result.Dispose();
        }

        _unbound?.Dispose();
        _unbound = null;
        foreach (var server in _servers)
        {
            server.Dispose();
        }

        _servers.Clear();
        _client?.Dispose();
        _client = null;
        _directory.Dispose();
    }

    [GeneratedRegex(@"(?<owner>^ttl2\s+2\s+A\s+)\S+", RegexOptions.Multiline)]
    private static partial Regex Ttl2Record();

    [GeneratedRegex(@"(?<head>^@\s+SOA\s+\S+\s+\S+\s+)\d+(?<tail>\s)", RegexOptions.Multiline)]
    private static partial Regex SoaSerial();
}

/// <summary>Tests that share one <see cref="MiniInternet"/>; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class MiniInternetCollection : ICollectionFixture<MiniInternet>
{
    public const string Name = "Mini-internet";
}
