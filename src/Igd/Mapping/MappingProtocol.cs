namespace IgdLab.Igd.Mapping;

/// <summary>The transport protocol of a port mapping.</summary>
public enum MappingProtocol
{
    /// <summary>TCP.</summary>
    Tcp,

    /// <summary>UDP.</summary>
    Udp,
}

/// <summary>Conversions between <see cref="MappingProtocol"/> and its UPnP spelling.</summary>
public static class MappingProtocolText
{
    /// <summary>The UPnP spelling: <c>TCP</c> or <c>UDP</c>.</summary>
    public static string ToUpnp(this MappingProtocol protocol) => protocol == MappingProtocol.Tcp ? "TCP" : "UDP";

    /// <summary>Parses <c>TCP</c>/<c>UDP</c>; <paramref name="caseSensitive"/> models routers that reject lowercase.</summary>
    public static bool TryParse(string? text, bool caseSensitive, out MappingProtocol protocol)
    {
        var comparison = caseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        if (string.Equals(text, "TCP", comparison))
        {
            protocol = MappingProtocol.Tcp;
            return true;
        }

        if (string.Equals(text, "UDP", comparison))
        {
            protocol = MappingProtocol.Udp;
            return true;
        }

        protocol = default;
        return false;
    }
}
