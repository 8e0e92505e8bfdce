using IgdLab.Emulator.Scenarios;

namespace IgdLab.Emulator.Timeline;

/// <summary>A fault with a <c>for</c> ran its time and was cleared.</summary>
/// <param name="At">When it was cleared.</param>
/// <param name="Gateway">The gateway.</param>
/// <param name="Fault">The scenario's fault entry.</param>
/// <param name="Lasted">How long it lasted (its <c>for</c>).</param>
public sealed record FaultCleared(TimeSpan At, string? Gateway, ScenarioFault Fault, TimeSpan Lasted) : TimelineEvent(At, Gateway, null);
