namespace IgdLab.Protocols;

/// <summary>
/// Which port-mapping protocol made a mapping. A router such as miniupnpd keeps one table for all three, so a mapping
/// made by PCP is listed by UPnP's GetGenericPortMappingEntry and dropped by the same events.
/// </summary>
public enum MappingOrigin
{
    /// <summary>UPnP IGD (AddPortMapping / AddAnyPortMapping).</summary>
    Upnp,

    /// <summary>NAT-PMP (RFC 6886) map opcodes 1 and 2.</summary>
    NatPmp,

    /// <summary>PCP (RFC 6887) MAP or PEER.</summary>
    Pcp,
}

/// <summary>The text forms of <see cref="MappingOrigin"/>: <c>upnp</c>, <c>natpmp</c>, <c>pcp</c> (scenario files, the control API, reports).</summary>
public static class MappingOriginText
{
    /// <summary>The lower-case name.</summary>
    public static string ToText(this MappingOrigin origin) => origin switch
    {
        MappingOrigin.Upnp => "upnp",
        MappingOrigin.NatPmp => "natpmp",
        MappingOrigin.Pcp => "pcp",
        _ => throw new ArgumentOutOfRangeException(nameof(origin), origin, "unknown mapping origin"),
    };

    /// <summary>Parses a name (case-insensitive; <c>nat-pmp</c> is accepted too).</summary>
    public static bool TryParse(string? text, out MappingOrigin origin)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "upnp":
                origin = MappingOrigin.Upnp;
                return true;
            case "natpmp" or "nat-pmp":
                origin = MappingOrigin.NatPmp;
                return true;
            case "pcp":
                origin = MappingOrigin.Pcp;
                return true;
            default:
                origin = default;
                return false;
        }
    }
}
