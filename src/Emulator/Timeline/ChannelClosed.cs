namespace IgdLab.Emulator.Timeline;

/// <summary>A device's control channel to the watchdog closed.</summary>
/// <param name="At">When.</param>
/// <param name="Device">The device.</param>
/// <param name="Reason">Why, in the watchdog's words; null when it did not say.</param>
public sealed record ChannelClosed(TimeSpan At, string? Device, string? Reason) : TimelineEvent(At, null, Device);
