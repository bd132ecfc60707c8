using System.Net;
using DnsServer.LoadBalancing.Configuration;
using DnsServer.Protocol;
using DnsServer.Protocol.Edns;

namespace DnsServer.LoadBalancing.Tests.Answering;

public sealed class AllocationTests
{
    [Theory]
    [InlineData(PoolMode.Weighted, false, 1)]
    [InlineData(PoolMode.Weighted, false, 2)]
    [InlineData(PoolMode.RoundRobin, false, 2)]
    [InlineData(PoolMode.Geo, true, 1)]
    [InlineData(PoolMode.Hashed, true, 1)]
    public void Stage_AfterWarmUp_AllocatesNothing(PoolMode mode, bool clientSubnet, int count)
    {
        var options = LbHarness.Example();
        options.Pools["web"].Mode = mode;
        options.Pools["web"].Count = count;
        var harness = new LbHarness(options);
        var query = LbHarness.Query("www.lab.test.", RecordType.A,
            clientSubnet ? ClientSubnet.Create(IPAddress.Parse("10.2.3.0"), 24) : null);
        for (int i = 0; i < 100; i++)
        {
            harness.Run(query);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            harness.Run(query, default(Pipeline.ClientAddress));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
