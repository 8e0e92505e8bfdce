using IgdLab.Device.Upnp.Soap;

namespace IgdLab.Emulator.Timeline;

/// <summary>A device made (or remade) its mapping.</summary>
/// <param name="At">When.</param>
/// <param name="Gateway">The device's gateway.</param>
/// <param name="Device">The device.</param>
/// <param name="Result">The mapping result.</param>
public sealed record DeviceMapped(TimeSpan At, string? Gateway, string? Device, MappingResult Result) : TimelineEvent(At, Gateway, Device);
