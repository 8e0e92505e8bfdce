namespace IgdLab.Device.Devices;

/// <summary>
/// Finds the router's connection service again. A device asks when its control URL stops accepting connections: a
/// router that picks a new HTTP port on every boot (miniupnpd's <c>http_port=0</c>) is only found again by discovery.
/// </summary>
public interface IGatewayLocator
{
    /// <summary>Locates the router's WAN connection service.</summary>
    /// <exception cref="GatewayNotFoundException">No usable gateway answered.</exception>
    /// <exception cref="Upnp.Description.UpnpDescriptionException">The chosen gateway's description is unusable.</exception>
    Task<GatewayService> LocateAsync(CancellationToken cancellationToken);
}
