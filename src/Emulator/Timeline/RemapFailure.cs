namespace IgdLab.Emulator.Timeline;

/// <summary>The watchdog recorded a failed remap of a device.</summary>
/// <param name="At">When.</param>
/// <param name="Device">The device.</param>
/// <param name="Reason">What went wrong, in the watchdog's words.</param>
/// <param name="ConsecutiveFailures">Failed remaps since the last recovery.</param>
public sealed record RemapFailure(TimeSpan At, string? Device, string Reason, int ConsecutiveFailures) : TimelineEvent(At, null, Device);
