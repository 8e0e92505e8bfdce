using IgdLab.Emulator.Measuring;
using IgdLab.Emulator.Reports;
using IgdLab.Emulator.Scenarios;
using IgdLab.Emulator.Text;
using IgdLab.Protocols;

namespace IgdLab.Emulator.Running;

/// <summary>
/// Decides whether the machine was too busy to trust a run's latencies. Every probe, check and remap waits on the
/// same clock, so a machine that wakes timers late adds its lateness to the figures: an expectation that failed by
/// less than the lag may have measured the machine rather than the method. Saturated CPUs delay work without always
/// delaying timers (the timer fires, the work it starts then waits for a core), so a run whose CPUs were saturated
/// is doubted too.
/// </summary>
internal static class TestbedLoad
{
    /// <summary>The least lag worth a warning, whatever the limits: 50 ms of scenario time.</summary>
    public static readonly TimeSpan Floor = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// A warning is due when the p99 lag exceeds this share of the tightest latency limit. On this project's 2-core
    /// reference machine every library run stays under it (the closest, one-mapping-dropped, at about half); three
    /// libraries at once go well over.
    /// </summary>
    public const double ShareOfTightestLimit = 0.05;

    /// <summary>
    /// The average CPU busy share over a run at or above which its latencies are doubted. Below it the machine had a
    /// core to spare on average; the busiest second alone is not enough, since setting up and checking a world is
    /// meant to use the cores in bursts.
    /// </summary>
    public const double SaturatedCpuShare = 0.9;

    /// <summary>Below this share of its due probe rate the watchdog did not keep its interval, and a run says so.</summary>
    public const double KeptProbeShare = 0.9;

    /// <summary>The lag above which <paramref name="expect"/>'s figures are in doubt.</summary>
    public static TimeSpan Threshold(ScenarioExpectations expect)
    {
        ArgumentNullException.ThrowIfNull(expect);
        TimeSpan?[] limits =
        [
            expect.RemapLatency?.P50, expect.RemapLatency?.P95, expect.RemapLatency?.P99, expect.RemapLatency?.Max,
            expect.DetectionLatency?.P50, expect.DetectionLatency?.P95, expect.DetectionLatency?.P99, expect.DetectionLatency?.Max,
            expect.RestoreAfterReturn?.P50, expect.RestoreAfterReturn?.P95, expect.RestoreAfterReturn?.P99, expect.RestoreAfterReturn?.Max,
            expect.MaxOutage,
        ];
        var tightest = limits.OfType<TimeSpan>().DefaultIfEmpty(TimeSpan.Zero).Min();
        var share = tightest * ShareOfTightestLimit;
        return share > Floor ? share : Floor;
    }

    /// <summary>
    /// The warnings for a run judged against <paramref name="expect"/> whose clock lagged by <paramref name="lag"/>
    /// while its CPUs were as busy as <paramref name="cpu"/> says.
    /// </summary>
    public static IReadOnlyList<string> Warnings(ScenarioExpectations expect, LatencySummary? lag, CpuLoad? cpu, ProbeRate? probes = null)
    {
        var warnings = new List<string>();
        if (lag is not null && lag.P99 > Threshold(expect))
        {
            warnings.Add(
                $"the scenario clock's timers woke up to {DurationText.Humanize(lag.Max.GetValueOrDefault())} late (p99 {DurationText.Humanize(lag.P99.GetValueOrDefault())}, scenario time): "
                + "the machine was overloaded and the latencies include its delays; rerun with --parallel 1 or a smaller timeScale");
        }

        if (cpu is not null && cpu.Average >= SaturatedCpuShare)
        {
            var whose = cpu.Scope == CpuScope.Machine ? "the machine's CPUs were" : "this process kept the CPUs";
            warnings.Add(
                $"{whose} {FigureText.Percent(cpu.Average)} busy on average while the run played ({CountText.Of(cpu.Cores, "core")}): "
                + "work waited for a core and the latencies include that wait; rerun with --parallel 1 or on a quieter machine");
        }

        if (probes is not null && probes.Achieved < probes.Due * KeptProbeShare)
        {
            warnings.Add(
                $"the watchdog completed {FigureText.Probes(probes)}: it could not keep its probe interval, so its detection "
                + "latencies include the backlog; give it fewer devices, a longer probeInterval or more cores");
        }

        return warnings;
    }
}
