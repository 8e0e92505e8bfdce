using System.Globalization;

namespace IgdLab.Igd.Gena;

/// <summary>The TIMEOUT header of SUBSCRIBE: what was asked and what the gateway grants.</summary>
internal static class GenaTimeout
{
    /// <summary>The shortest subscription the gateway grants; miniupnpd raises anything lower to this.</summary>
    public const int MinimumSeconds = 1800;

    private const string Prefix = "Second-";

    /// <summary>
    /// The granted duration in seconds for a TIMEOUT header: <c>Second-N</c> is raised to at least
    /// <see cref="MinimumSeconds"/>; a missing, malformed or <c>Second-infinite</c> header gets the minimum too,
    /// because an infinite subscription would outlive every subscriber that forgets to unsubscribe.
    /// </summary>
    public static int Grant(string? header)
    {
        var value = header?.Trim();
        if (value is null
            || !value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)
            || !int.TryParse(value.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return MinimumSeconds;
        }

        return Math.Max(seconds, MinimumSeconds);
    }

    /// <summary>The TIMEOUT header value for a granted duration.</summary>
    public static string Format(int seconds) => Prefix + seconds.ToString(CultureInfo.InvariantCulture);
}
