using IgdLab.Contracts.Control;

namespace IgdLab.Emulator.Timeline;

/// <summary>A device reported its mapping to the watchdog.</summary>
/// <param name="At">When.</param>
/// <param name="Device">The device.</param>
/// <param name="Report">The report.</param>
public sealed record MappingReported(TimeSpan At, string? Device, ReportMessage Report) : TimelineEvent(At, null, Device);
