using DnsServer.LoadBalancing.Configuration;
using DnsServer.Storage;

namespace DnsServer.Api.Balancing;

/// <summary>The load-balancing changes made through the API, kept in the server's database.</summary>
public sealed class DatabasePolicyStore(ZoneDatabase database) : IPolicyStore
{
    private const string Key = "load-balancing";

    public string? Load() => database.LoadSetting(Key);

    public void Save(string json) => database.SaveSetting(Key, json);
}
