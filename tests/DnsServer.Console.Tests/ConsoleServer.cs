using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using DnsServer.Integration.Tests.Infrastructure;
using DnsServer.Tests.Shared;
using Microsoft.Playwright;

namespace DnsServer.Console.Tests;

/// <summary>
/// One server for the console's browser tests: <c>dnsserver serve</c> as a child process with a
/// zone folder (lab.test.), a pool <c>web</c> of two members and a pool <c>weighted</c> of two more,
/// whose TCP health checks go to backends this fixture runs on 127.0.0.61 to .64; and one headless
/// Chromium (Debian's).
/// </summary>
public sealed partial class ConsoleServer : IAsyncLifetime
{
    /// <summary>Debian's chromium; the tests use it and download no browser.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    public static readonly IPAddress FirstMember = IPAddress.Parse("127.0.0.61");
    public static readonly IPAddress SecondMember = IPAddress.Parse("127.0.0.62");

    /// <summary>The members of pool <c>weighted</c> (answered for weighted.lab.test.), left to the weight tests.</summary>
    public static readonly IPAddress WeightedFirst = IPAddress.Parse("127.0.0.63");
    public static readonly IPAddress WeightedSecond = IPAddress.Parse("127.0.0.64");

    /// <summary>The pool's health check: a member is down after Fall × Interval + Timeout.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromMilliseconds(500);
    public const int Fall = 2;

    private const string Zone = """
        $ORIGIN lab.test.
        $TTL 300
        @    IN SOA ns1 hostmaster 1 7200 1800 1209600 300
        @    IN NS  ns1
        ns1  IN A   127.0.0.1
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("dnsserver-console-").FullName;
    private readonly Dictionary<IPAddress, TcpBackend> _backends = [];
    private ServerProcess? _server;
    private IPlaywright? _playwright;

    internal ServerProcess Server => _server ?? throw new InvalidOperationException("not started");

    public IBrowser Browser { get; private set; } = null!;

    public Uri BaseUri { get; private set; } = null!;

    public string ApiKey { get; private set; } = "";

    public int BackendPort { get; private set; }

    /// <summary>The folder the server lists reports from (its data folder's experiments/).</summary>
    public string ReportsDirectory => Path.Combine(Server.DataDirectory, "experiments");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: the console's browser tests need Debian's chromium (apt-get install -y chromium; ./test.sh installs it as root)");
        }

        BackendPort = FreePort.Pick(FirstMember);
        _backends[FirstMember] = TcpBackend.Start(FirstMember, BackendPort);
        foreach (var member in new[] { SecondMember, WeightedFirst, WeightedSecond })
        {
            _backends[member] = TcpBackend.Start(member, BackendPort);
        }

        var zones = Directory.CreateDirectory(Path.Combine(_directory, "zones")).FullName;
        await File.WriteAllTextAsync(Path.Combine(zones, "lab.test.zone"), Zone);
        _server = await ServerProcess.StartAsync(new ServerStartOptions { Zones = zones, ConfigJson = Configuration(BackendPort) });
        if (!await _server.WaitForOutputAsync("HTTP API listening on http://", TimeSpan.FromSeconds(20)))
        {
            throw new TimeoutException($"the server did not report its HTTP endpoint:\n{_server}");
        }

        BaseUri = new Uri(HttpEndpoint().Match(_server.Output).Groups[1].Value);
        ApiKey = (await File.ReadAllTextAsync(Path.Combine(_server.DataDirectory, "api-key"))).Trim();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update"],
            Timeout = 20_000,
        });
    }

    /// <summary>Stops (closes the listener of) the backend a member's health check goes to.</summary>
    public void StopBackend(IPAddress address) => _backends[address].Dispose();

    /// <summary>Asks the server with <c>dig +short</c>: the answer's lines (empty for no answer).</summary>
    public string[] Dig(string name, string type = "A")
    {
        var dig = PeerProgram.Find("dig") ?? throw new InvalidOperationException("peer dig not installed (dnsutils); run ./test.sh as root to install it");
        var answer = PeerProgram.Run(dig, [$"@{Server.Endpoint.Address}", "-p", Server.Endpoint.Port.ToString(CultureInfo.InvariantCulture),
            "+short", "+time=2", "+tries=1", name, type], timeout: TimeSpan.FromSeconds(10));
        return answer.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>Makes a database zone through the API, with the given records (zone-file data, owner relative to the zone).</summary>
    public async Task CreateZoneAsync(string zone, params (string Name, string Type, string Data)[] records)
    {
        using var http = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        using (var response = await http.PostAsJsonAsync("/api/zones", new { name = zone }))
        {
            Assert.True(response.IsSuccessStatusCode, $"creating {zone}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        foreach (var (name, type, data) in records)
        {
            using var response = await http.PostAsJsonAsync($"/api/zones/{zone}/records", new { name, type, ttl = 60, data });
            Assert.True(response.IsSuccessStatusCode, $"adding {name} {type} {data}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Opens the console at a view with the API key set in its field.</summary>
    public async Task<ConsolePage> OpenWithKeyAsync(string view)
    {
        var console = await NewPageAsync();
        var page = console.Page;
        await page.GotoAsync(new Uri(BaseUri, $"/#{view}").ToString());
        await page.GetByLabel("API key").FillAsync(ApiKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Use key" }).ClickAsync();
        return console;
    }

    /// <summary>A new page in its own context, its console errors and page errors collected.</summary>
    public async Task<ConsolePage> NewPageAsync(BrowserNewContextOptions? options = null)
    {
        var context = await Browser.NewContextAsync(options ?? new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 900 } });
        context.SetDefaultTimeout(10_000);
        return new ConsolePage(context, await context.NewPageAsync());
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        _server?.Dispose();
        foreach (var backend in _backends.Values)
        {
            backend.Dispose();
        }

        Directory.Delete(_directory, recursive: true);
    }

    private static string Configuration(int port) => $$"""
        {
          "LoadBalancing": {
            "Pools": {
              "web": {
                "Mode": "Weighted", "Ttl": 5,
                "Members": [ { "Address": "{{FirstMember}}" }, { "Address": "{{SecondMember}}" } ],
                "HealthCheck": { "Kind": "Tcp", "Port": {{port}}, "Interval": "00:00:01", "Timeout": "00:00:00.500", "Rise": 1, "Fall": {{Fall}}, "Jitter": 0 }
              },
              "weighted": {
                "Mode": "Weighted", "Ttl": 5,
                "Members": [ { "Address": "{{WeightedFirst}}" }, { "Address": "{{WeightedSecond}}" } ],
                "HealthCheck": { "Kind": "Tcp", "Port": {{port}}, "Interval": "00:00:01", "Timeout": "00:00:00.500", "Rise": 1, "Fall": {{Fall}}, "Jitter": 0 }
              }
            },
            "Records": [ { "Name": "www.lab.test.", "Type": "A", "Pool": "web" }, { "Name": "weighted.lab.test.", "Type": "A", "Pool": "weighted" } ]
          }
        }
        """;

    [GeneratedRegex(@"HTTP API listening on (http://\S+)")]
    private static partial Regex HttpEndpoint();

    /// <summary>A TCP listener that accepts and closes connections: what a TCP health check wants.</summary>
    private sealed class TcpBackend : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _stop = new();

        private TcpBackend(TcpListener listener) => _listener = listener;

        public static TcpBackend Start(IPAddress address, int port)
        {
            var listener = new TcpListener(address, port);
            listener.Start();
            var backend = new TcpBackend(listener);
            _ = backend.AcceptAsync();
            return backend;
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleServer>
{
    public const string Name = "console";
}
