namespace IgdLab.Protocols;

/// <summary>Conversions between <see cref="MappingProtocol"/> and its wire spelling (UPnP's NewProtocol, the watchdog's reports).</summary>
public static class MappingProtocolText
{
    /// <summary>The wire spelling: <c>TCP</c> or <c>UDP</c>, upper case (some routers refuse lower case).</summary>
    public static string ToUpnp(this MappingProtocol protocol) => protocol switch
    {
        MappingProtocol.Tcp => "TCP",
        MappingProtocol.Udp => "UDP",
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "unknown protocol"),
    };

    /// <summary>Parses <c>TCP</c>/<c>UDP</c>; <paramref name="caseSensitive"/> models routers that reject lower case.</summary>
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
