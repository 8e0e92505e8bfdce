namespace IgdLab.Prober.Registry;

/// <summary>One line of a device's bounded history: reports, verdicts, instructions, remap failures, recoveries, channel changes.</summary>
/// <param name="At">When.</param>
/// <param name="Kind">What, as a short kebab-case word (<c>report</c>, <c>failure-detected</c>, …).</param>
/// <param name="Detail">The particulars, for people.</param>
public sealed record HistoryEntry(DateTimeOffset At, string Kind, string Detail);
