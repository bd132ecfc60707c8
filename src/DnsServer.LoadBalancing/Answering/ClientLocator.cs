using DnsServer.LoadBalancing.Selection;
using DnsServer.Pipeline;
using DnsServer.Protocol.Edns;

namespace DnsServer.LoadBalancing.Answering;

/// <summary>
/// Locates the client of a query: by its EDNS Client Subnet option (RFC 7871) when the option is
/// enabled and the sender trusted, cut to the configured longest source prefix; else by the
/// packet's source address.
/// </summary>
internal static class ClientLocator
{
    private static readonly UInt128 MappedPrefix = (UInt128)0xFFFF << 32;

    public static ClientLocation Locate(QueryContext context, SelectionState state)
    {
        var client = context.Client;
        var options = state.Model.Options.ClientSubnet;
        if (context.HasEdns && context.Edns.HasClientSubnet && options.Enabled && IsTrusted(state, client))
        {
            var subnet = context.Edns.GetClientSubnet(context.Request.Span);
            return FromClientSubnet(subnet, client, options.MaxSourcePrefixV4, options.MaxSourcePrefixV6);
        }

        return BySource(client, echoScope: false);
    }

    public static ClientLocation FromClientSubnet(in ClientSubnet subnet, ClientAddress client, int maxV4, int maxV6)
    {
        if (subnet.SourcePrefixLength == 0)
        {
            // RFC 7871 §7.1.2: a source prefix of 0 asks that no client address be used; answer scope 0.
            return BySource(client, echoScope: true);
        }

        bool v4 = subnet.Family == ClientSubnet.FamilyIPv4;
        int bits = Math.Min(subnet.SourcePrefixLength, v4 ? maxV4 : maxV6);
        if (bits == 0)
        {
            return BySource(client, echoScope: true);
        }

        UInt128 address = v4 ? MappedPrefix | (subnet.Address >> 96) : subnet.Address;
        int total = bits + (v4 ? ClientLocation.MappedPrefixLength : 0);
        address &= UInt128.MaxValue << (128 - total);
        return new ClientLocation(address, v4, bits, fromClientSubnet: true, echoScope: true);
    }

    public static ClientLocation BySource(ClientAddress client, bool echoScope) =>
        new(client.Value, client.IsIPv4, client.IsIPv4 ? 32 : 128, fromClientSubnet: false, echoScope);

    private static bool IsTrusted(SelectionState state, ClientAddress client)
    {
        var trusted = state.Model.TrustedClients;
        if (trusted.Count == 0)
        {
            return true;
        }

        for (int i = 0; i < trusted.Count; i++)
        {
            if (trusted[i].Contains(client))
            {
                return true;
            }
        }

        return false;
    }
}
