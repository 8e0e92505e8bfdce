using IgdLab.Igd.Mapping;

namespace IgdLab.Emulator.Timeline;

/// <summary>A gateway added a port mapping.</summary>
/// <param name="At">When.</param>
/// <param name="Gateway">The gateway.</param>
/// <param name="Device">The device the mapping forwards to; null when no device of the world has its address.</param>
/// <param name="Mapping">The table entry.</param>
public sealed record MappingAdded(TimeSpan At, string? Gateway, string? Device, PortMapping Mapping) : TimelineEvent(At, Gateway, Device);
