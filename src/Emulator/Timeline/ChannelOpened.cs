namespace IgdLab.Emulator.Timeline;

/// <summary>A device's control channel to the watchdog opened (authenticated).</summary>
/// <param name="At">When.</param>
/// <param name="Device">The device.</param>
public sealed record ChannelOpened(TimeSpan At, string? Device) : TimelineEvent(At, null, Device);
