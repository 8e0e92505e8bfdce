using IgdLab.Emulator.Running;

namespace IgdLab.Emulator.Timeline;

/// <summary>A planned fault was carried out (recorded before a reboot's downtime, after the others were applied).</summary>
/// <param name="At">When it was applied.</param>
/// <param name="Gateway">The gateway it hit; null for a fault of the watchdog.</param>
/// <param name="Planned">The firing: the scenario's fault entry and the devices it was aimed at.</param>
/// <param name="Affected">The devices whose reachability it can break (empty for faults that only hinder remapping).</param>
/// <param name="Unmapped">For device-level faults, how many of the aimed-at devices had no mapping to hit.</param>
/// <param name="Instance">For kill-prober and restart-prober, the watchdog instance stopped (counted from 1); null when none was running to stop.</param>
/// <param name="InstanceDevices">For kill-prober and restart-prober, how many devices that instance probed when it stopped.</param>
public sealed record FaultInjected(
    TimeSpan At, string? Gateway, PlannedFault Planned, IReadOnlyList<string> Affected, int Unmapped = 0, int? Instance = null, int InstanceDevices = 0)
    : TimelineEvent(At, Gateway, null);
