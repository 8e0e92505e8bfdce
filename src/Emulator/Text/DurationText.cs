using System.Globalization;

namespace IgdLab.Emulator.Text;

/// <summary>Durations as people write them in scenario files and on the command line: <c>300ms</c>, <c>1.5s</c>, <c>2m</c>, <c>1h</c>.</summary>
public static class DurationText
{
    private static readonly (string Suffix, double Milliseconds)[] Units =
    [
        ("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000),
    ];

    /// <summary>Parses a duration; a bare number is seconds.</summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        foreach (var (suffix, milliseconds) in Units)
        {
            if (trimmed.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && !(suffix == "s" && trimmed.EndsWith("ms", StringComparison.OrdinalIgnoreCase))
                && TryNumber(trimmed[..^suffix.Length], out var value))
            {
                return TryFromMilliseconds(value * milliseconds, out duration);
            }
        }

        return TryNumber(trimmed, out var seconds) && TryFromMilliseconds(seconds * 1000, out duration);
    }

    /// <summary>The shortest exact text for a duration (<c>1500ms</c>, <c>2s</c>).</summary>
    public static string Format(TimeSpan duration) =>
        duration.Ticks % TimeSpan.TicksPerSecond == 0
            ? $"{(long)duration.TotalSeconds}s"
            : string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMilliseconds:0.###}ms");

    // TimeSpan.FromMilliseconds throws beyond about 29 000 years; text from a file must fail, not crash.
    private static bool TryFromMilliseconds(double milliseconds, out TimeSpan duration)
    {
        duration = default;
        if (!double.IsFinite(milliseconds) || milliseconds >= TimeSpan.MaxValue.TotalMilliseconds)
        {
            return false;
        }

        duration = TimeSpan.FromMilliseconds(milliseconds);
        return true;
    }

    /// <summary>
    /// A duration rounded for people to read in reports: <c>850ms</c> below a second, <c>1.25s</c> below a minute,
    /// <c>2m05s</c> below an hour, <c>1h02m05s</c> above.
    /// </summary>
    public static string Humanize(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero)
        {
            return "-" + Humanize(duration.Duration());
        }

        // Round first, to the precision of the unit the value will be shown in, so 59.999s becomes 1m00s, not 60s.
        var milliseconds = Math.Round(duration.TotalMilliseconds, MidpointRounding.AwayFromZero);
        if (milliseconds < 1000)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{milliseconds:0}ms");
        }

        var centiseconds = Math.Round(duration.TotalMilliseconds / 10, MidpointRounding.AwayFromZero);
        if (centiseconds < 6000)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{centiseconds / 100:0.##}s");
        }

        var seconds = (long)Math.Round(duration.TotalSeconds, MidpointRounding.AwayFromZero);
        return seconds < 3600
            ? string.Create(CultureInfo.InvariantCulture, $"{seconds / 60}m{seconds % 60:00}s")
            : string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600}h{seconds / 60 % 60:00}m{seconds % 60:00}s");
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value) && value >= 0;
}
