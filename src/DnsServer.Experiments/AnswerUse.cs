namespace DnsServer.Experiments;

/// <summary>
/// One use of an answer by one client: when (milliseconds since time 0, monotonic), which client,
/// the address it used, the TTL left on it, and whether it came from the client's cache.
/// </summary>
internal readonly record struct AnswerUse(long TimeMs, int Client, string Address, int Ttl, bool FromCache);
