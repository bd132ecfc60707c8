using DnsServer.Protocol;

namespace DnsServer.Recursive.Tests;

public sealed class PrimingTests
{
    private static bool IsPriming((System.Net.IPAddress Server, DnsQuestion Question) query) =>
        query.Question.Name.Equals(DnsName.Root) && query.Question.Type == RecordType.NS;

    [Fact]
    public async Task Priming_NoResolutionYet_SendsNothingUpstream()
    {
        var net = new MiniInternet();
        using var stop = new CancellationTokenSource();

        await net.Resolver.StartAsync(stop.Token);
        for (int i = 0; i < 10; i++)
        {
            net.Time.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(10);
        }

        Assert.Empty(net.Transport.Queries);
        await net.Resolver.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Priming_FirstResolution_PrimesTheRootNsSet()
    {
        var net = new MiniInternet();
        using var stop = new CancellationTokenSource();
        await net.Resolver.StartAsync(stop.Token);

        net.Query("www.example.test.", RecordType.A);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!net.Transport.Queries.Any(IsPriming) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.Contains(net.Transport.Queries, IsPriming);
        var deadlineCached = DateTime.UtcNow.AddSeconds(10);
        while (!net.Resolver.Cache.TryGet(DnsName.Root, RecordType.NS, RecordClass.IN, out _) && DateTime.UtcNow < deadlineCached)
        {
            await Task.Delay(10);
        }

        Assert.True(net.Resolver.Cache.TryGet(DnsName.Root, RecordType.NS, RecordClass.IN, out var entry));
        Assert.Equal(1, entry.Set!.Count);
        await net.Resolver.StopAsync(CancellationToken.None);
    }
}
