using IgdLab.Emulator.Timeline;

namespace IgdLab.Emulator.Running;

/// <summary>How far a run is, for live progress: the phase, scenario time done, and the last notable thing that happened.</summary>
/// <param name="Phase"><c>setup</c>, <c>running</c>, <c>measuring</c> or <c>done</c>.</param>
/// <param name="Elapsed">Scenario time since the start.</param>
/// <param name="Duration">The scenario's duration.</param>
/// <param name="Notable">The notable event that this report is about (a fault, an outage's start or end), or null.</param>
public sealed record RunProgress(string Phase, TimeSpan Elapsed, TimeSpan Duration, TimelineEvent? Notable = null);
