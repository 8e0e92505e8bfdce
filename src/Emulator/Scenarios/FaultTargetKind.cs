namespace IgdLab.Emulator.Scenarios;

/// <summary>The kinds of <see cref="FaultTarget"/>.</summary>
public enum FaultTargetKind
{
    /// <summary>The gateway as a whole.</summary>
    Gateway,

    /// <summary>One named device (<c>device: nas</c>).</summary>
    Device,

    /// <summary>One random device (<c>target: random-device</c>, the default of device-level actions).</summary>
    RandomDevice,

    /// <summary>Every device behind the gateway (<c>target: all</c>).</summary>
    AllDevices,

    /// <summary>A share of the devices (<c>percent: 25</c>).</summary>
    Percent,
}
