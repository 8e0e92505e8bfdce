namespace IgdLab.Emulator.Timeline;

/// <summary>A gateway was told to answer SOAP calls with an error.</summary>
/// <param name="At">When.</param>
/// <param name="Gateway">The gateway.</param>
/// <param name="Note">The gateway's own words (action, code, count).</param>
public sealed record SoapErrorInjected(TimeSpan At, string? Gateway, string Note) : TimelineEvent(At, Gateway, null);
