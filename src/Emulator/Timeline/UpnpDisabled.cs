namespace IgdLab.Emulator.Timeline;

/// <summary>A gateway stopped answering SSDP and SOAP.</summary>
/// <param name="At">When.</param>
/// <param name="Gateway">The gateway.</param>
public sealed record UpnpDisabled(TimeSpan At, string? Gateway) : TimelineEvent(At, Gateway, null);
