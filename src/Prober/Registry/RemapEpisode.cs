using System.Text.Json.Serialization;
using IgdLab.Contracts;

namespace IgdLab.Prober.Registry;

/// <summary>
/// One fault of a device from the watchdog's view: the first failed probe (suspicion), the failure verdict
/// (detection), the instructions, the device's new report and the first good probe after it (recovery).
/// </summary>
/// <param name="SuspectedAt">The first failed probe.</param>
/// <param name="Cause">The outcome of the failing probe.</param>
/// <param name="DetectedAt">The failure verdict (after confirmation for timeouts); null while confirming.</param>
/// <param name="FirstInstructionAt">The first remap instruction of the episode.</param>
/// <param name="Instructions">Remap instructions sent in the episode.</param>
/// <param name="RemapFailures">Remaps of the episode that failed or timed out or did not help.</param>
/// <param name="ReportedAt">The latest report received during the episode.</param>
/// <param name="RecoveredAt">The first good probe after the verdict; null while the episode is open.</param>
public sealed record RemapEpisode(
    DateTimeOffset SuspectedAt,
    ProbeOutcome Cause,
    DateTimeOffset? DetectedAt,
    DateTimeOffset? FirstInstructionAt,
    int Instructions,
    int RemapFailures,
    DateTimeOffset? ReportedAt,
    DateTimeOffset? RecoveredAt)
{
    /// <summary>From suspicion to verdict: the cost of confirming (zero for a refused connection).</summary>
    [JsonPropertyName("detectionLatencyMs")]
    public TimeSpan? DetectionLatency => DetectedAt - SuspectedAt;

    /// <summary>From verdict to verified recovery: what the remap took, as the watchdog saw it.</summary>
    [JsonPropertyName("remapLatencyMs")]
    public TimeSpan? RemapLatency => RecoveredAt - DetectedAt;

    /// <summary>From suspicion to verified recovery: the outage as the watchdog saw it.</summary>
    [JsonPropertyName("outageMs")]
    public TimeSpan? Outage => RecoveredAt - SuspectedAt;
}
