using IgdLab.Emulator.Running;

namespace IgdLab.Emulator.Cli;

/// <summary>
/// How many runs play at once by default, and in which order they start: the longest first by their estimated wall
/// time (<see cref="RunListing.Wall"/>), so that the short runs fill the gaps at the end instead of a long run starting
/// last and playing alone (longest-processing-time-first). Reports keep the file order whatever the start order.
/// </summary>
internal static class RunSchedule
{
    // A run mostly waits on its scenario clock: the library at two at a time kept two cores 11% busy on average (the
    // busiest run averaged 22%); at four at a time every run still averaged under a third of the machine.
    private const int RunsPerCore = 2;

    /// <summary>The default of <c>--parallel</c>: two runs per processor.</summary>
    public static int DefaultParallel(int processorCount) => Math.Max(1, processorCount) * RunsPerCore;

    /// <summary>The indexes of <paramref name="runs"/> in the order they should start: longest estimate first, ties in file order, skipped runs last.</summary>
    public static IReadOnlyList<int> StartOrder(IReadOnlyList<RunSettings> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        return [.. Enumerable.Range(0, runs.Count).OrderByDescending(i => Estimate(runs[i])).ThenBy(i => i)];
    }

    /// <summary>
    /// The estimated wall time of playing <paramref name="runs"/> <paramref name="parallel"/> at a time in
    /// <see cref="StartOrder"/>: each run starts on the slot that frees first.
    /// </summary>
    public static TimeSpan EstimatedWall(IReadOnlyList<RunSettings> runs, int parallel)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var slots = new PriorityQueue<int, TimeSpan>();
        for (var slot = 0; slot < Math.Max(1, parallel); slot++)
        {
            slots.Enqueue(slot, TimeSpan.Zero);
        }

        var end = TimeSpan.Zero;
        foreach (var index in StartOrder(runs))
        {
            slots.TryDequeue(out var slot, out var free);
            var done = free + Estimate(runs[index]);
            end = done > end ? done : end;
            slots.Enqueue(slot, done);
        }

        return end;
    }

    // A skipped run plays nothing, so it takes no time wherever it goes.
    private static TimeSpan Estimate(RunSettings run) => run.SkipReason is null ? RunListing.Wall(run) : TimeSpan.Zero;
}
