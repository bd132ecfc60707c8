using DnsServer.LoadBalancing.Regions;
using DnsServer.Pipeline.Stages;

namespace DnsServer.LoadBalancing.Configuration;

/// <summary>Checks the <c>Regions</c>, <c>ClientSubnet</c> and <c>GeoIp</c> sections and builds the region map.</summary>
internal static class RegionCompiler
{
    private const string Key = "LoadBalancing";

    private readonly record struct ParsedPrefix(string Region, string Text, AddressPrefix Prefix, RegionRange Range, int Order);

    /// <summary>Parses the configured prefixes and reports bad CIDRs and overlaps between regions.</summary>
    public static List<RegionRange> CompilePrefixes(LoadBalancingOptions options, IReadOnlyList<string> names, List<string> errors)
    {
        var parsed = new List<ParsedPrefix>();
        for (int region = 0; region < names.Count; region++)
        {
            var prefixes = options.Regions[names[region]] ?? [];
            for (int i = 0; i < prefixes.Count; i++)
            {
                if (TryParse(prefixes[i], out var prefix))
                {
                    parsed.Add(new ParsedPrefix(names[region], prefixes[i].Trim(), prefix, RegionRange.From(prefix, region), parsed.Count));
                }
                else
                {
                    errors.Add($"{Key}:Regions:{names[region]}:{i}: '{prefixes[i]}' is not an address prefix (e.g. 10.1.0.0/16)");
                }
            }
        }

        parsed.Sort((a, b) => a.Range.Start != b.Range.Start ? a.Range.Start.CompareTo(b.Range.Start) : a.Order.CompareTo(b.Order));
        ParsedPrefix? widest = null;
        foreach (var current in parsed)
        {
            if (widest is { } previous && current.Range.Start <= previous.Range.End)
            {
                if (!string.Equals(previous.Region, current.Region, StringComparison.Ordinal))
                {
                    errors.Add($"{Key}:Regions:{current.Region}: {current.Text} overlaps region {previous.Region}'s {previous.Text}");
                }

                if (current.Range.End <= previous.Range.End)
                {
                    continue;
                }
            }

            widest = current;
        }

        return [.. parsed.Select(p => p.Range)];
    }

    /// <summary>Checks the Client Subnet section; returns the trusted resolvers.</summary>
    public static List<AddressPrefix> CompileClientSubnet(ClientSubnetOptions options, List<string> errors)
    {
        if (options.MaxSourcePrefixV4 is < 0 or > 32)
        {
            errors.Add($"{Key}:ClientSubnet:MaxSourcePrefixV4: {options.MaxSourcePrefixV4} is not between 0 and 32");
        }

        if (options.MaxSourcePrefixV6 is < 0 or > 128)
        {
            errors.Add($"{Key}:ClientSubnet:MaxSourcePrefixV6: {options.MaxSourcePrefixV6} is not between 0 and 128");
        }

        var trusted = new List<AddressPrefix>();
        for (int i = 0; i < options.TrustedClients.Count; i++)
        {
            if (TryParse(options.TrustedClients[i], out var prefix))
            {
                trusted.Add(prefix);
            }
            else
            {
                errors.Add($"{Key}:ClientSubnet:TrustedClients:{i}: '{options.TrustedClients[i]}' is not an address prefix");
            }
        }

        return trusted;
    }

    /// <summary>Checks the GeoIp section; true when a database is to be read.</summary>
    public static bool CheckGeoIp(GeoIpOptions options, List<string> errors)
    {
        if (options.Database is null)
        {
            return false;
        }

        if (!string.Equals(options.Field, "continent", StringComparison.OrdinalIgnoreCase)
            && !string.Equals(options.Field, "country", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{Key}:GeoIp:Field: '{options.Field}' is not continent or country");
        }

        if (!File.Exists(options.Database))
        {
            errors.Add($"{Key}:GeoIp:Database: {options.Database} does not exist");
        }

        return true;
    }

    /// <summary>Reads the GeoIP ranges of the regions pools name but no prefix list defines.</summary>
    public static List<RegionRange> LoadGeoIp(GeoIpOptions options, List<string> names, IEnumerable<string> used, List<string> errors)
    {
        foreach (var name in used)
        {
            if (!names.Contains(name, StringComparer.Ordinal))
            {
                names.Add(name);
            }
        }

        var indexes = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < names.Count; i++)
        {
            indexes[names[i]] = i;
        }

        try
        {
            return GeoIpRegions.Load(options.Database!, options.Field, indexes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or MaxMind.Db.InvalidDatabaseException)
        {
            errors.Add($"{Key}:GeoIp:Database: cannot read {options.Database}: {e.Message}");
            return [];
        }
    }

    private static bool TryParse(string? text, out AddressPrefix prefix)
    {
        prefix = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        try
        {
            prefix = AddressPrefix.Parse(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
