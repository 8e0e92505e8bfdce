using IgdLab.Device.Devices;
using IgdLab.Device.PortControl;
using IgdLab.Device.Upnp.Soap;

namespace IgdLab.Emulator.Scenarios;

/// <summary>A device listed by name: its service, the gateway it sits behind and how it keeps its mapping.</summary>
public sealed record ScenarioDevice
{
    /// <summary>The id faults refer to and reports show (<c>nas</c>).</summary>
    public required string Id { get; init; }

    /// <summary>The id of the gateway the device sits behind.</summary>
    public required string Gateway { get; init; }

    /// <summary>What sort of device it plays; null lets the world pick.</summary>
    public DeviceKind? Kind { get; init; }

    /// <summary>The service's protocol (<c>service.protocol</c>).</summary>
    /// <value>The default is TCP.</value>
    public MappingProtocol Protocol { get; init; } = MappingProtocol.Tcp;

    /// <summary>The service's port (<c>service.port</c>); null takes a free one.</summary>
    public int? ServicePort { get; init; }

    /// <summary>The external port asked for; null asks for the service port.</summary>
    public int? ExternalPort { get; init; }

    /// <summary>The protocol the device maps with (<c>mapping</c>).</summary>
    /// <value>The default is UPnP.</value>
    public MappingMethod Mapping { get; init; } = MappingMethod.Upnp;

    /// <summary>How the device keeps its mapping.</summary>
    /// <value>The default is the watchdog alone.</value>
    public MappingStrategyKinds Strategy { get; init; } = MappingStrategyKinds.Watchdog;

    /// <summary>The strategies' settings and the lease asked for.</summary>
    public StrategySettings Settings { get; init; } = new();
}
