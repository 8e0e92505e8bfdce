using System.Net;
using IgdLab.Contracts;
using IgdLab.Igd.Faults;

namespace IgdLab.Emulator.Measuring;

/// <summary>A fault as it was carried out: when (scenario time since the start), what, and which devices' mappings it broke.</summary>
/// <param name="At">When the fault was applied.</param>
/// <param name="Fault">The gateway's fault; null for a fault of the watchdog (<paramref name="Action"/> names it).</param>
/// <param name="Gateway">The gateway it was applied to; null for a fault of the watchdog.</param>
/// <param name="Affected">The devices whose reachability it can break (empty for faults that only hinder remapping, like soap-error).</param>
/// <param name="Action">The action's name when <paramref name="Fault"/> is null (<c>kill-prober</c>).</param>
public sealed record FaultObservation(TimeSpan At, GatewayFault? Fault, string? Gateway, IReadOnlyList<string> Affected, string? Action = null)
{
    /// <summary>The fault's action as the scenario format writes it.</summary>
    public string Name => Fault?.Name ?? Action ?? "";
}

/// <summary>One reachability check of the oracle: did the device's published endpoint complete its identity handshake?</summary>
/// <param name="At">When the check started.</param>
/// <param name="Device">The device.</param>
/// <param name="Reachable">Whether the handshake completed and proved the device's identity.</param>
/// <param name="Endpoint">The endpoint checked; null when none was published.</param>
/// <param name="Outcome">The handshake's outcome; null when nothing was checked.</param>
public sealed record CheckObservation(TimeSpan At, string Device, bool Reachable, IPEndPoint? Endpoint = null, ProbeOutcome? Outcome = null);

/// <summary>Something one device (or the watchdog about it) did at a moment: a verdict, an instruction, a remap, a breakage.</summary>
/// <param name="At">When.</param>
/// <param name="Device">The device.</param>
public sealed record DeviceAct(TimeSpan At, string Device);

/// <summary>Everything a run observed that the figures are computed from, in scenario time since the start.</summary>
public sealed record RunObservations
{
    /// <summary>The faults carried out.</summary>
    public IReadOnlyList<FaultObservation> Faults { get; init; } = [];

    /// <summary>The oracle's checks.</summary>
    public IReadOnlyList<CheckObservation> Checks { get; init; } = [];

    /// <summary>
    /// When the system first acted on a broken mapping: the watchdog's failure verdict for watchdog devices, the
    /// device's own next add for the others.
    /// </summary>
    public IReadOnlyList<DeviceAct> Detections { get; init; } = [];

    /// <summary>The watchdog's remap instructions.</summary>
    public IReadOnlyList<DeviceAct> Instructions { get; init; } = [];

    /// <summary>Mappings the gateway removed on its own (lease expiry, idle cleanup): breakages without a scripted fault.</summary>
    public IReadOnlyList<DeviceAct> Breakages { get; init; } = [];
}
