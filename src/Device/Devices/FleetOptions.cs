namespace IgdLab.Device.Devices;

/// <summary>How <see cref="DeviceFleet"/> mixes device kinds and strategies.</summary>
public sealed record FleetOptions
{
    /// <summary>The relative weight of each device kind.</summary>
    /// <value>The default is NAS 2, set-top box 2, IP camera 3, PC 2, game console 1.</value>
    public IReadOnlyDictionary<DeviceKind, float> KindWeights { get; init; } = new Dictionary<DeviceKind, float>
    {
        [DeviceKind.Nas] = 2,
        [DeviceKind.SetTopBox] = 2,
        [DeviceKind.IpCamera] = 3,
        [DeviceKind.Pc] = 2,
        [DeviceKind.GameConsole] = 1,
    };

    /// <summary>The relative weight of each strategy combination.</summary>
    /// <value>The default is watchdog + events 3, watchdog 2, renew 2, poll 2, none (map once) 1.</value>
    public IReadOnlyDictionary<MappingStrategyKinds, float> StrategyWeights { get; init; } = new Dictionary<MappingStrategyKinds, float>
    {
        [MappingStrategyKinds.Watchdog | MappingStrategyKinds.Events] = 3,
        [MappingStrategyKinds.Watchdog] = 2,
        [MappingStrategyKinds.Renew] = 2,
        [MappingStrategyKinds.Poll] = 2,
        [MappingStrategyKinds.None] = 1,
    };

    /// <summary>
    /// Whether devices listen on their kind's well-known port (ports below 1024 need privileges); otherwise they listen
    /// on an ephemeral port and only ask for the well-known port as the external port.
    /// </summary>
    /// <value>The default is false.</value>
    public bool BindWellKnownPorts { get; init; }
}
