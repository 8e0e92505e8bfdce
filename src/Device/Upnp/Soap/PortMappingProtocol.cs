namespace IgdLab.Device.Upnp.Soap;

/// <summary>The transport protocol of a port mapping.</summary>
public enum PortMappingProtocol
{
    /// <summary>TCP.</summary>
    Tcp,

    /// <summary>UDP.</summary>
    Udp,
}

/// <summary>The UPnP spelling of <see cref="PortMappingProtocol"/>.</summary>
internal static class PortMappingProtocolText
{
    /// <summary><c>TCP</c> or <c>UDP</c>, upper case (some routers refuse lower case).</summary>
    public static string ToUpnp(this PortMappingProtocol protocol) => protocol switch
    {
        PortMappingProtocol.Tcp => "TCP",
        PortMappingProtocol.Udp => "UDP",
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "unknown protocol"),
    };

    /// <summary>Reads a router's protocol text in any case.</summary>
    public static bool TryParse(string text, out PortMappingProtocol protocol)
    {
        switch (text.Trim().ToUpperInvariant())
        {
            case "TCP":
                protocol = PortMappingProtocol.Tcp;
                return true;
            case "UDP":
                protocol = PortMappingProtocol.Udp;
                return true;
            default:
                protocol = default;
                return false;
        }
    }
}
