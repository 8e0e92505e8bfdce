using System.Text.Json.Serialization;

namespace IgdLab.Emulator.Reports;

/// <summary>
/// One breakage of one device the oracle saw (scenario time; seconds in JSON): the per-device side of the scenario's
/// remap and detection latencies.
/// </summary>
/// <param name="Start">When its cause happened: the fault, or the gateway removing the mapping on its own.</param>
/// <param name="Fault">The index of the fault in <see cref="ScenarioReport.Faults"/>; null for a removal by the gateway itself.</param>
/// <param name="Detected">The first detection (watchdog verdict or the device's own act); null when none came before restoration.</param>
/// <param name="Restored">The first successful oracle check after the failure; null when the device was never reachable again.</param>
/// <param name="Instructions">Instructions the watchdog sent the device during the incident.</param>
public sealed record DeviceIncident(TimeSpan Start, int? Fault, TimeSpan? Detected, TimeSpan? Restored, int Instructions)
{
    /// <summary>Detected − start; null when never detected.</summary>
    [JsonIgnore]
    public TimeSpan? DetectionLatency => Detected - Start;

    /// <summary>Restored − start; null when never restored.</summary>
    [JsonIgnore]
    public TimeSpan? RemapLatency => Restored - Start;
}
