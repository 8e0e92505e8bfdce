namespace IgdLab.Emulator.Timeline;

/// <summary>A gateway was told to delay its SOAP answers (or to stop delaying them).</summary>
/// <param name="At">When.</param>
/// <param name="Gateway">The gateway.</param>
/// <param name="Note">The gateway's own words (action, delay).</param>
public sealed record SoapDelayChanged(TimeSpan At, string? Gateway, string Note) : TimelineEvent(At, Gateway, null);
