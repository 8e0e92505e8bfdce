using IgdLab.Contracts;
using IgdLab.Prober.Registry;

namespace IgdLab.Prober.Watchdog;

/// <summary>The episode being recorded for a device, from its first failed probe to its recovery; guarded by the device's lock.</summary>
internal sealed class OpenEpisode(DateTimeOffset suspectedAt, ProbeOutcome cause)
{
    public DateTimeOffset SuspectedAt { get; } = suspectedAt;

    public ProbeOutcome Cause { get; set; } = cause;

    public DateTimeOffset? DetectedAt { get; set; }

    public DateTimeOffset? FirstInstructionAt { get; set; }

    public int Instructions { get; set; }

    public int RemapFailures { get; set; }

    public DateTimeOffset? ReportedAt { get; set; }

    /// <summary>A report came after the verdict; the next verdict tells whether the new mapping works.</summary>
    public bool AwaitingVerification { get; set; }

    public RemapEpisode ToRecord(DateTimeOffset? recoveredAt = null) =>
        new(SuspectedAt, Cause, DetectedAt, FirstInstructionAt, Instructions, RemapFailures, ReportedAt, recoveredAt);
}
