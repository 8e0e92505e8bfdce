using IgdLab.Contracts.Control;

namespace IgdLab.Emulator.Timeline;

/// <summary>A device told the watchdog of a gateway event (the fast path).</summary>
/// <param name="At">When.</param>
/// <param name="Device">The device.</param>
/// <param name="Signal">The signal.</param>
public sealed record GatewaySignalled(TimeSpan At, string? Device, GatewaySignal Signal) : TimelineEvent(At, null, Device);
