using System.Globalization;

namespace IgdLab.Benchmarks;

/// <summary>One measured window of a closed-loop load.</summary>
/// <param name="Workers">How many operations were in flight at any time.</param>
/// <param name="Elapsed">From the window's start until the last operation ended.</param>
/// <param name="Latency">The durations of the operations that succeeded.</param>
/// <param name="Errors">Operations that failed or threw.</param>
/// <param name="Resources">What the whole process used during the window.</param>
internal sealed record LoadResult(int Workers, TimeSpan Elapsed, Distribution Latency, long Errors, ResourceUse Resources)
{
    /// <summary>How long the load ran before this window, to let the JIT settle.</summary>
    public TimeSpan WarmUp { get; init; }

    /// <summary>Successful operations.</summary>
    public int Completed => Latency.Count;

    /// <summary>Successful operations per second.</summary>
    public double Rate => Completed / Elapsed.TotalSeconds;

    /// <summary>Managed bytes the process allocated per successful operation.</summary>
    public double AllocatedPerOperation => Completed == 0 ? 0 : (double)Resources.AllocatedBytes / Completed;
}

/// <summary>The table of closed-loop round-trip figures the soap and pcp benchmarks print: one row per measured run.</summary>
internal static class RoundTripTable
{
    /// <summary>A table titled <paramref name="title"/> with the round-trip columns.</summary>
    public static FigureTable Create(string title) => new(
        title, "workload", "clients", "round trips/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors",
        "cpu %", "others %", "KiB alloc/rt", "gc 0/1/2", "warm-up s", "jit ms");

    /// <summary>Adds the figures of one run.</summary>
    public static FigureTable Row(this FigureTable table, string workload, int clients, LoadResult result) => table.Row(
        workload,
        clients.ToString(CultureInfo.InvariantCulture),
        Units.Whole(result.Rate),
        Units.Ms(result.Latency.Median),
        Units.Ms(result.Latency.Percentile(95)),
        Units.Ms(result.Latency.Percentile(99)),
        Units.Ms(result.Latency.Max),
        Units.Whole(result.Errors),
        Units.Whole(result.Resources.CpuPercent(result.Elapsed)),
        result.Resources.OthersCpuPercent(result.Elapsed),
        Units.KiB(result.AllocatedPerOperation),
        result.Resources.Collections,
        Units.OneDecimal(result.WarmUp.TotalSeconds),
        Units.Whole(result.Resources.JitTime.TotalMilliseconds));

    /// <summary>The notes on warm-up and the process-wide columns every such table shares.</summary>
    public static FigureTable ProcessNotes(this FigureTable table) => table
        .Note("warm-up: the same load until a 1 s slice spends < 10 ms in the JIT (1..15 s); jit ms = JIT time in the measured window.")
        .Note("cpu %, alloc, gc: this whole process (clients + gateway), 100 % = one core; others % = other processes' CPU")
        .Note("  meanwhile: more than a few percent means the machine was shared and the figures are disturbed.");
}
