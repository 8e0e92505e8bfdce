namespace IgdLab.Emulator.Scenarios;

/// <summary>Which devices' mappings a device-level fault (drop-mapping, zombie-mapping) hits.</summary>
public sealed record FaultTarget
{
    /// <summary>The whole gateway: the target of every gateway-level action.</summary>
    public static FaultTarget Gateway { get; } = new() { Kind = FaultTargetKind.Gateway };

    /// <summary>One device drawn at random (seeded) among the gateway's devices at each firing.</summary>
    public static FaultTarget RandomDevice { get; } = new() { Kind = FaultTargetKind.RandomDevice };

    /// <summary>Every device behind the gateway.</summary>
    public static FaultTarget AllDevices { get; } = new() { Kind = FaultTargetKind.AllDevices };

    /// <summary>What is hit.</summary>
    public required FaultTargetKind Kind { get; init; }

    /// <summary>For <see cref="FaultTargetKind.Device"/>: the listed device's id.</summary>
    public string? DeviceId { get; init; }

    /// <summary>For <see cref="FaultTargetKind.Percent"/>: the share of the gateway's devices hit, above 0 and up to 100.</summary>
    public double? Percent { get; init; }

    /// <summary>One named device.</summary>
    public static FaultTarget Device(string id) => new() { Kind = FaultTargetKind.Device, DeviceId = id };

    /// <summary>A share of the gateway's devices, drawn at random (seeded) at each firing.</summary>
    public static FaultTarget Share(double percent) => new() { Kind = FaultTargetKind.Percent, Percent = percent };
}
