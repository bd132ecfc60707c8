namespace DnsServer.Integration.Tests.Soak;

/// <summary>
/// The soak and allocation tests run alone, after the parallel ones: the allocation figure is
/// process-wide (<see cref="GC.GetTotalAllocatedBytes(bool)"/>), so another test running in this
/// host would be counted, and a loaded machine would turn scheduling delays into UDP loss.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SoakCollection
{
    public const string Name = "soak";
}
