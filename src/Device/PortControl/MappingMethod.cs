namespace IgdLab.Device.PortControl;

/// <summary>Which protocol a device maps its service with.</summary>
public enum MappingMethod
{
    /// <summary>UPnP IGD (SSDP, description, SOAP).</summary>
    Upnp,

    /// <summary>NAT-PMP (RFC 6886).</summary>
    NatPmp,

    /// <summary>PCP (RFC 6887).</summary>
    Pcp,

    /// <summary>PCP, else NAT-PMP, else UPnP: the order today's clients try them in (Tailscale, libp2p).</summary>
    Auto,
}

/// <summary>The text forms of <see cref="MappingMethod"/>: <c>upnp</c>, <c>natpmp</c>, <c>pcp</c>, <c>auto</c>.</summary>
public static class MappingMethodText
{
    /// <summary>Every text form, in order.</summary>
    public static IReadOnlyList<string> Names => NameArray;

    private static readonly string[] NameArray = ["upnp", "natpmp", "pcp", "auto"];

    /// <summary>The lower-case name.</summary>
    public static string ToText(this MappingMethod method) => Names[(int)method];

    /// <summary>Parses a name (case-insensitive; <c>nat-pmp</c> too).</summary>
    public static bool TryParse(string? text, out MappingMethod method)
    {
        var word = text?.Trim().ToLowerInvariant();
        var index = word is null ? -1 : Array.IndexOf(NameArray, word == "nat-pmp" ? "natpmp" : word);
        method = index < 0 ? default : (MappingMethod)index;
        return index >= 0;
    }
}
