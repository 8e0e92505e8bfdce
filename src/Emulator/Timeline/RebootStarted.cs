namespace IgdLab.Emulator.Timeline;

/// <summary>A gateway went down for a reboot.</summary>
/// <param name="At">When.</param>
/// <param name="Gateway">The gateway.</param>
/// <param name="Note">The gateway's own words (the downtime).</param>
public sealed record RebootStarted(TimeSpan At, string? Gateway, string Note) : TimelineEvent(At, Gateway, null);
