namespace DnsServer.LoadBalancing;

/// <summary>
/// Log messages of load balancing; event IDs 6000–6099. Configuration and answers use 6000–6049
/// (next free: 6000), health checks and faults 6050–6099 in Log.Health.cs (next free: 6050).
/// </summary>
internal static partial class Log
{
}
