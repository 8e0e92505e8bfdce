namespace IgdLab.Emulator.Running;

/// <summary>How far a run is, for live progress: the phase, scenario time done, and the last thing that happened.</summary>
/// <param name="Phase"><c>setup</c>, <c>running</c>, <c>measuring</c> or <c>done</c>.</param>
/// <param name="Elapsed">Scenario time since the start.</param>
/// <param name="Duration">The scenario's duration.</param>
/// <param name="Message">The latest notable event (a fault, a restoration), or null.</param>
public sealed record RunProgress(string Phase, TimeSpan Elapsed, TimeSpan Duration, string? Message = null);
