using IgdLab.Igd.Mapping;

namespace IgdLab.Emulator.Timeline;

/// <summary>A gateway table entry that no live device owned at the end of the run.</summary>
/// <remarks>Listed under no gateway, as the reports always did; <paramref name="LeakedOn"/> names it.</remarks>
/// <param name="At">The end of the run.</param>
/// <param name="LeakedOn">The gateway whose table holds it.</param>
/// <param name="Mapping">The table entry.</param>
public sealed record MappingLeaked(TimeSpan At, string LeakedOn, PortMapping Mapping) : TimelineEvent(At, null, null);
