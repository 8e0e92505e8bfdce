namespace IgdLab.Emulator.Reports;

/// <summary>One entry of a scenario's timeline (scenario time; seconds in JSON).</summary>
/// <param name="At">When it happened.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Gateway">The gateway involved; null when none.</param>
/// <param name="Device">The device involved; null when none.</param>
/// <param name="Detail">Particulars in words, e.g. <c>TCP 127.0.3.2:20000 → 127.0.3.10:20000</c>; null when none.</param>
public sealed record TimelineEvent(TimeSpan At, TimelineEventKind Kind, string? Gateway, string? Device, string? Detail);
