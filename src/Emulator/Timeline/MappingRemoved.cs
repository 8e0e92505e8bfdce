using IgdLab.Igd.Events;
using IgdLab.Igd.Mapping;

namespace IgdLab.Emulator.Timeline;

/// <summary>A port mapping left a gateway's table.</summary>
/// <param name="At">When.</param>
/// <param name="Gateway">The gateway.</param>
/// <param name="Device">The device the mapping forwarded to; null when no device of the world has its address.</param>
/// <param name="Mapping">The table entry as it was.</param>
/// <param name="Reason">Why it went.</param>
public sealed record MappingRemoved(TimeSpan At, string? Gateway, string? Device, PortMapping Mapping, RemovalReason Reason)
    : TimelineEvent(At, Gateway, Device)
{
    /// <summary>Whether its lease ran out (the reports list it as <see cref="TimelineEventKind.MappingExpired"/>).</summary>
    public bool IsExpiry => Reason == RemovalReason.Expired;

    /// <summary>Whether the gateway removed it on its own (lease expiry, idle cleanup): a breakage no scripted fault caused.</summary>
    public bool IsGatewayRemoval => Reason is RemovalReason.Expired or RemovalReason.IdleCleanup;
}
