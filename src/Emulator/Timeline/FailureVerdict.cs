using IgdLab.Contracts;

namespace IgdLab.Emulator.Timeline;

/// <summary>The watchdog judged a device's mapping broken.</summary>
/// <param name="At">When.</param>
/// <param name="Device">The device.</param>
/// <param name="Outcome">The deciding probe's outcome.</param>
/// <param name="ProbeDetail">The deciding probe's own detail.</param>
public sealed record FailureVerdict(TimeSpan At, string? Device, ProbeOutcome Outcome, string ProbeDetail) : TimelineEvent(At, null, Device);
