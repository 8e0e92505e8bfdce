using IgdLab.Igd.Mapping;

namespace IgdLab.Emulator.Timeline;

/// <summary>A mapping became a zombie: still listed, no longer forwarding.</summary>
/// <param name="At">When.</param>
/// <param name="Gateway">The gateway.</param>
/// <param name="Device">The device the mapping forwards to; null when no device of the world has its address.</param>
/// <param name="Mapping">The table entry.</param>
public sealed record MappingZombified(TimeSpan At, string? Gateway, string? Device, PortMapping Mapping) : TimelineEvent(At, Gateway, Device);
