namespace IgdLab.Emulator.Timeline;

/// <summary>
/// One event of a run's timeline, recorded once where it happened with its typed particulars: one sealed record per
/// kind. <see cref="TimelineEventNames"/> names each kind; only the report writers put an event into words.
/// </summary>
/// <param name="At">When, in scenario time since the run's start.</param>
/// <param name="Gateway">The gateway concerned; null when none.</param>
/// <param name="Device">The device concerned; null when none.</param>
public abstract record TimelineEvent(TimeSpan At, string? Gateway, string? Device);
