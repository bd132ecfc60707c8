using DnsServer.LoadBalancing.Model;

namespace DnsServer.LoadBalancing.Configuration;

/// <summary>The compiled model, or every error found (each naming its configuration key).</summary>
public sealed record LoadBalancingBuildResult(LoadBalancingModel? Model, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Model is not null;
}
