using System.Text;
using DnsServer.LoadBalancing.Health;
using DnsServer.LoadBalancing.Regions;

namespace DnsServer.LoadBalancing.Selection;

/// <summary>One member as an explanation shows it.</summary>
public sealed record CandidateInfo(string Address, int Weight, int Priority, string? Region, MemberHealth Health, bool IsCandidate);

/// <summary>How the client was located.</summary>
public enum LocationSource
{
    /// <summary>The EDNS Client Subnet option.</summary>
    ClientSubnet,

    /// <summary>The packet's source address.</summary>
    SourceAddress,
}

/// <summary>Why a query for a pool name gets the answer it gets now.</summary>
public sealed record Explanation(
    string Name,
    string Type,
    string? Pool,
    string Mode,
    LocationSource LocatedBy,
    string ClientAddress,
    string? Region,
    RegionSource RegionFoundBy,
    bool RegionFallback,
    IReadOnlyList<CandidateInfo> Members,
    uint Ttl,
    string TtlReason,
    string Outcome,
    IReadOnlyList<string> Answer,
    int? Scope)
{
    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine($"{Name} {Type}: {(Pool is null ? "no pool answers it" : $"pool {Pool} ({Mode})")}");
        if (Pool is null)
        {
            return text.ToString();
        }

        text.AppendLine($"client {ClientAddress} located by {LocatedBy}; region {Region ?? "none"} ({RegionFoundBy}{(RegionFallback ? ", fallback" : "")})");
        text.AppendLine("members (* = candidate: up, of the lowest priority that has one up, and of the client's region for Geo):");
        int candidateWeight = Members.Where(m => m.IsCandidate).Sum(m => m.Weight);
        foreach (var member in Members)
        {
            string share = member.IsCandidate && candidateWeight > 0 ? $", {(double)member.Weight / candidateWeight:P0} of draws" : "";
            text.AppendLine($"  {(member.IsCandidate ? "*" : " ")} {member.Address} weight {member.Weight}{share}, priority {member.Priority}, region {member.Region ?? "-"}, {member.Health.ToString().ToLowerInvariant()}");
        }

        text.AppendLine($"TTL {Ttl} ({TtlReason})");
        string outcome = Outcome == "Answer" ? string.Join(", ", Answer) : $"{Outcome} {string.Join(", ", Answer)}".TrimEnd();
        text.AppendLine($"answer now (one draw): {outcome}{(Scope is { } scope ? $"; ECS scope /{scope}" : "")}");
        return text.ToString();
    }
}

/// <summary>Answers given by one member since the model was loaded.</summary>
public sealed record MemberStatistics(string Address, long Answers, double ObservedShare, double ConfiguredShare, bool IsCandidate);

/// <summary>Answers per member of one pool: observed share against the share the weights give.</summary>
public sealed record PoolStatistics(string Pool, long Answers, IReadOnlyList<MemberStatistics> Members);
