using IgdLab.Emulator.Measuring;

namespace IgdLab.Emulator.Reports;

/// <summary>
/// How busy the CPUs were while a run played, as a share of all <paramref name="Cores"/> (0 to 1):
/// <paramref name="Average"/> over the whole run, <paramref name="Peak"/> over its busiest window (one second of wall
/// time). <paramref name="Scope"/> says whether the whole machine was measured or only this process.
/// </summary>
public sealed record CpuLoad(double Average, double Peak, CpuScope Scope, int Cores);

/// <summary>
/// How many probes a second the watchdog completed while the run played (<paramref name="Achieved"/>, scenario time)
/// against how many its devices were due (<paramref name="Due"/>: watched devices ÷ probe interval). Below the due
/// rate the watchdog could not keep its interval, and its detection latencies include the backlog.
/// </summary>
public sealed record ProbeRate(double Achieved, double Due);
