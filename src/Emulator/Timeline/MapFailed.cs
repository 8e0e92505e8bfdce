namespace IgdLab.Emulator.Timeline;

/// <summary>A device's attempt to map failed.</summary>
/// <param name="At">When.</param>
/// <param name="Gateway">The device's gateway.</param>
/// <param name="Device">The device.</param>
/// <param name="Error">What went wrong.</param>
public sealed record MapFailed(TimeSpan At, string? Gateway, string? Device, Exception Error) : TimelineEvent(At, Gateway, Device);
