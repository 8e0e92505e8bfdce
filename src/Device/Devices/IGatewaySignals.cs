namespace IgdLab.Device.Devices;

/// <summary>What the router tells a device without being asked: GENA variable changes and SSDP BOOTID changes.</summary>
public interface IGatewaySignals
{
    /// <summary>The router reported its ExternalIPAddress (the initial event counts too).</summary>
    event Action<string>? ExternalAddressChanged;

    /// <summary>The router reported its ConnectionStatus (Connected, Disconnected, ...).</summary>
    event Action<string>? ConnectionStatusChanged;

    /// <summary>The router announced a new BOOTID.UPNP.ORG: it rebooted and may have lost its table.</summary>
    event Action<string>? BootIdChanged;
}
