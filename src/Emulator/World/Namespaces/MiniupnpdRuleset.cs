namespace IgdLab.Emulator.World.Namespaces;

/// <summary>
/// The router namespace's nftables ruleset: miniupnpd's own table with the chains it fills, plus the router's
/// masquerading of LAN traffic to the WAN (as on a home router, so a device's outbound control channel crosses the
/// same NAT as its inbound mapping).
/// </summary>
internal static class MiniupnpdRuleset
{
    /// <summary>The nftables table (inet family) miniupnpd works in.</summary>
    public const string Table = "miniupnpd";

    /// <summary>The filter chain miniupnpd adds its accept rules to.</summary>
    public const string ForwardChain = "miniupnpd";

    /// <summary>The DNAT chain miniupnpd adds its redirections to.</summary>
    public const string PreroutingChain = "prerouting_miniupnpd";

    /// <summary>The SNAT chain miniupnpd adds its rules to.</summary>
    public const string PostroutingChain = "postrouting_miniupnpd";

    /// <summary>The chains that hold miniupnpd's rules, and nothing else.</summary>
    public static IReadOnlyList<string> MappingChains { get; } = [ForwardChain, PreroutingChain, PostroutingChain];

    /// <summary>The ruleset file for a router whose WAN interface is <paramref name="wanInterface"/>.</summary>
    public static string Render(string wanInterface) => $$"""
        table inet {{Table}} {
          chain forward { type filter hook forward priority 0; policy accept; jump {{ForwardChain}}; }
          chain {{ForwardChain}} { }
          chain prerouting { type nat hook prerouting priority -100; policy accept; jump {{PreroutingChain}}; }
          chain postrouting { type nat hook postrouting priority 100; policy accept; jump {{PostroutingChain}}; oifname "{{wanInterface}}" masquerade; }
          chain {{PreroutingChain}} { }
          chain {{PostroutingChain}} { }
        }

        """;

    /// <summary>One nft transaction that empties every mapping chain at the same instant (the router's own NAT stays).</summary>
    public static string FlushCommand() =>
        string.Join("; ", MappingChains.Select(chain => $"flush chain inet {Table} {chain}"));
}
