namespace IgdLab.Emulator.Reports;

/// <summary>A mapping result a device reported after the start (scenario time; seconds in JSON).</summary>
/// <param name="At">When the device had the result.</param>
/// <param name="Cause">Whether it answered an instruction, remade the mapping on its own, or only renewed it.</param>
public sealed record DeviceRemap(TimeSpan At, RemapCause Cause);
