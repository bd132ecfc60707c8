using System.Globalization;

namespace DnsServer.Commands;

/// <summary>Durations on the command line: <c>500ms</c>, <c>30s</c>, <c>2m</c>, <c>1h</c>, or <c>00:00:30</c>.</summary>
internal static class DurationText
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        (string Suffix, double Scale)[] units = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)];
        foreach (var (suffix, scale) in units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(text.AsSpan(0, text.Length - suffix.Length), NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
                && value >= 0 && value * scale <= TimeSpan.MaxValue.TotalMilliseconds)
            {
                duration = TimeSpan.FromMilliseconds(value * scale);
                return true;
            }
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration) && duration >= TimeSpan.Zero;
    }

    /// <summary>The form sent over the control socket: invariant and without spaces.</summary>
    public static string Format(TimeSpan duration) => duration.ToString("c", CultureInfo.InvariantCulture);
}
