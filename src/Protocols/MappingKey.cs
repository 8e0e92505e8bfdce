namespace IgdLab.Protocols;

/// <summary>
/// A port mapping's identity on the wire: external port and protocol (UPnP's GetSpecificPortMappingEntry and
/// DeletePortMapping key, one listener per pair on the WAN address).
/// </summary>
public readonly record struct MappingKey(int ExternalPort, MappingProtocol Protocol)
{
    /// <inheritdoc />
    public override string ToString() => $"{ExternalPort}/{Protocol.ToUpnp()}";
}
