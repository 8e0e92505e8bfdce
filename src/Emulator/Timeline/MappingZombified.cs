using IgdLab.Igd.Events;
using IgdLab.Igd.Mapping;

namespace IgdLab.Emulator.Timeline;

/// <summary>A mapping became a zombie: still listed, no longer forwarding.</summary>
/// <param name="At">When.</param>
/// <param name="Gateway">The gateway.</param>
/// <param name="Device">The device the mapping forwards to; null when no device of the world has its address.</param>
/// <param name="Mapping">The table entry.</param>
/// <param name="Reason">Why it stopped forwarding: a fault, or the router on its own (<see cref="RemovalReason.Aged"/>).</param>
public sealed record MappingZombified(TimeSpan At, string? Gateway, string? Device, PortMapping Mapping, RemovalReason? Reason = null)
    : TimelineEvent(At, Gateway, Device)
{
    /// <summary>Whether the router broke the mapping on its own, with no fault behind it.</summary>
    public bool IsGatewayBreakage => Reason == RemovalReason.Aged;
}
