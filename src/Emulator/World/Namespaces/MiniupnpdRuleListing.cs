using System.Globalization;
using System.Text.RegularExpressions;

namespace IgdLab.Emulator.World.Namespaces;

/// <summary>
/// Reads <c>nft -a list chain</c> output of miniupnpd 2.3.1's chains. It matches the protocol by the IP header byte
/// (<c>@nh,72,8 0x6</c> TCP, <c>0x11</c> UDP) and the port as <c>th dport</c>:
/// <c>iif "rwan" @nh,72,8 0x6 th dport 20000 dnat ip to 192.168.77.2:20000</c>.
/// </summary>
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
        var port = externalPort.ToString(CultureInfo.InvariantCulture);
        foreach (var line in listing.Split('\n'))
        {
            if (Handle().Match(line) is not { Success: true } match || !line.Contains($"@nh,72,8 {ProtocolByte(protocol)} ", StringComparison.Ordinal))
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

    /// <summary>The redirections of a DNAT chain listing: protocol, external port, internal client and port.</summary>
    public static IReadOnlyList<(string Protocol, int ExternalPort, string InternalClient, int InternalPort)> Redirections(string listing)
    {
        ArgumentNullException.ThrowIfNull(listing);
        return [.. Redirection().Matches(listing).Select(m => (
            m.Groups[1].Value == "0x11" ? "UDP" : "TCP",
            int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture),
            m.Groups[3].Value,
            int.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture)))];
    }

    private static string ProtocolByte(string protocol) =>
        string.Equals(protocol, "UDP", StringComparison.OrdinalIgnoreCase) ? "0x11" : "0x6";

    [GeneratedRegex(@"@nh,72,8 (0x6|0x11) th dport (\d+) dnat ip to ([0-9.]+):(\d+)")]
    private static partial Regex Redirection();

    [GeneratedRegex(@"# handle (\d+)\s*$")]
    private static partial Regex Handle();
}
