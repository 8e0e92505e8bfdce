using IgdLab.Device.Devices;
using IgdLab.Device.PortControl;

namespace IgdLab.Emulator.Scenarios;

/// <summary>A Bogus-generated fleet behind one gateway (<c>generate: 20</c>), the same for the same seed.</summary>
public sealed record ScenarioDeviceFleet
{
    /// <summary>How many devices.</summary>
    public required int Count { get; init; }

    /// <summary>The id of the gateway the fleet sits behind.</summary>
    public required string Gateway { get; init; }

    /// <summary>The device kinds to draw from; empty draws from every kind.</summary>
    public IReadOnlyList<DeviceKind> Kinds { get; init; } = [];

    /// <summary>
    /// The protocol every device maps with; null takes upnp, natpmp and pcp in turn (<c>mapping: mixed</c>).
    /// </summary>
    /// <value>The default is UPnP.</value>
    public MappingMethod? Mapping { get; init; } = MappingMethod.Upnp;

    /// <summary>
    /// One strategy for every device of the fleet (the scenario's when the file names none); null draws each device's
    /// strategy from <see cref="FleetOptions.StrategyWeights"/> (<c>strategy: mixed</c>).
    /// </summary>
    public MappingStrategyKinds? Strategy { get; init; }

    /// <summary>The strategies' settings and the lease asked for.</summary>
    public StrategySettings Settings { get; init; } = new();
}
