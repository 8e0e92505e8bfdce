using IgdLab.Igd.Faults;

namespace IgdLab.Emulator.Measuring;

/// <summary>
/// One device's brush with one cause of breakage (a fault that affected it, or a mapping the gateway removed on its
/// own), from that cause to the first successful oracle check after a failed one.
/// </summary>
public sealed record Incident
{
    /// <summary>The device.</summary>
    public required string Device { get; init; }

    /// <summary>The fault that caused it; null when the gateway removed the mapping on its own (lease expiry, idle cleanup).</summary>
    public GatewayFault? Fault { get; init; }

    /// <summary>The index of the fault in <see cref="RunObservations.Faults"/>, or null for a gateway removal.</summary>
    public int? FaultIndex { get; init; }

    /// <summary>When the cause happened.</summary>
    public required TimeSpan Start { get; init; }

    /// <summary>The first failed check at or after <see cref="Start"/>; null when the device never looked broken (nothing to restore).</summary>
    public TimeSpan? FirstFailure { get; init; }

    /// <summary>The first detection (watchdog verdict or the device's own act) at or after <see cref="Start"/>, before restoration.</summary>
    public TimeSpan? Detected { get; init; }

    /// <summary>The first successful check after <see cref="FirstFailure"/>; null when the device was still unreachable at the end.</summary>
    public TimeSpan? Restored { get; init; }

    /// <summary>Instructions the watchdog sent for this device during the incident.</summary>
    public int Instructions { get; init; }

    /// <summary>Whether the device was really broken (a check failed).</summary>
    public bool Broken => FirstFailure is not null;

    /// <summary>Restored − start, for broken and restored incidents.</summary>
    public TimeSpan? RemapLatency => Broken && Restored is { } restored ? restored - Start : null;

    /// <summary>Detected − start, for broken incidents that were detected.</summary>
    public TimeSpan? DetectionLatency => Broken && Detected is { } detected ? detected - Start : null;
}

/// <summary>A continuous stretch in which a device was unreachable (overlapping incidents merged).</summary>
/// <param name="Device">The device.</param>
/// <param name="Start">The start of the earliest incident in the stretch.</param>
/// <param name="End">The restoring check; null when it never came.</param>
public sealed record Outage(string Device, TimeSpan Start, TimeSpan? End)
{
    /// <summary>How long the stretch lasted, up to <paramref name="runEnd"/> when it never ended.</summary>
    public TimeSpan Length(TimeSpan runEnd) => (End ?? runEnd) - Start;
}
