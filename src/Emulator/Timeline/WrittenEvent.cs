namespace IgdLab.Emulator.Timeline;

/// <summary>An event read back from a JSON report: only the report's words are left of it, not its typed particulars.</summary>
/// <param name="At">When.</param>
/// <param name="Kind">The kind the report listed it under.</param>
/// <param name="Gateway">The gateway concerned; null when none.</param>
/// <param name="Device">The device concerned; null when none.</param>
/// <param name="Detail">The detail the report wrote; null when none.</param>
public sealed record WrittenEvent(TimeSpan At, TimelineEventKind Kind, string? Gateway, string? Device, string? Detail) : TimelineEvent(At, Gateway, Device);
