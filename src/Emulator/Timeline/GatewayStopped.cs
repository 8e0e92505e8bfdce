namespace IgdLab.Emulator.Timeline;

/// <summary>A gateway stopped.</summary>
/// <param name="At">When.</param>
/// <param name="Gateway">The gateway.</param>
public sealed record GatewayStopped(TimeSpan At, string? Gateway) : TimelineEvent(At, Gateway, null);
