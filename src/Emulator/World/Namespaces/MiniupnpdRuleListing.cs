using System.Globalization;
using System.Text.RegularExpressions;

namespace IgdLab.Emulator.World.Namespaces;

/// <summary>Reads <c>nft -a list chain</c> output: which rule handles belong to one miniupnpd mapping.</summary>
internal static partial class MiniupnpdRuleListing
{
    /// <summary>
    /// The handles of the rules for external port <paramref name="externalPort"/> of <paramref name="protocol"/>.
    /// The DNAT rule (matching the external port) is what makes a mapping forward. The filter and SNAT chains name the
    /// internal side, so there only a rule on the same port goes (the usual case of equal ports); an accept rule left
    /// without its DNAT rule forwards nothing.
    /// </summary>
    public static IReadOnlyList<long> HandlesFor(string listing, int externalPort, string protocol)
    {
        ArgumentNullException.ThrowIfNull(listing);
        var handles = new List<long>();
        var proto = protocol.ToLowerInvariant();
        var port = externalPort.ToString(CultureInfo.InvariantCulture);
        foreach (var line in listing.Split('\n'))
        {
            if (Handle().Match(line) is not { Success: true } match || !line.Contains(proto, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (line.Contains($"dport {port} ", StringComparison.Ordinal))
            {
                handles.Add(long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
            }
        }

        return handles;
    }

    [GeneratedRegex(@"# handle (\d+)\s*$")]
    private static partial Regex Handle();
}
