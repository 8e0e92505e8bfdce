namespace IgdLab.Emulator.Timeline;

/// <summary>A gateway answers SSDP and SOAP again.</summary>
/// <param name="At">When.</param>
/// <param name="Gateway">The gateway.</param>
public sealed record UpnpEnabled(TimeSpan At, string? Gateway) : TimelineEvent(At, Gateway, null);
