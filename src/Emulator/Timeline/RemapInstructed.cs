using IgdLab.Contracts.Control;

namespace IgdLab.Emulator.Timeline;

/// <summary>The watchdog sent a device a remap instruction.</summary>
/// <param name="At">When.</param>
/// <param name="Device">The device.</param>
/// <param name="Instruction">The instruction.</param>
public sealed record RemapInstructed(TimeSpan At, string? Device, RemapInstruction Instruction) : TimelineEvent(At, null, Device);
