namespace IgdLab.Emulator.Timeline;

/// <summary>The watchdog's first good probe of a device after a failure verdict.</summary>
/// <param name="At">When.</param>
/// <param name="Device">The device.</param>
public sealed record WatchdogRecovered(TimeSpan At, string? Device) : TimelineEvent(At, null, Device);
