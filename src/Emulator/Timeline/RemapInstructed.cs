using IgdLab.Contracts.Control;

namespace IgdLab.Emulator.Timeline;

/// <summary>The watchdog sent a device a remap instruction.</summary>
/// <param name="At">When.</param>
/// <param name="Device">The device.</param>
/// <param name="Instruction">The instruction.</param>
/// <param name="Again">
/// The outstanding instruction sent again, same id, on the device's current channel: one instruction, not a second.
/// </param>
public sealed record RemapInstructed(TimeSpan At, string? Device, RemapInstruction Instruction, bool Again = false) : TimelineEvent(At, null, Device);
