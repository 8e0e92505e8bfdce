using IgdLab.Emulator.Reports;
using IgdLab.Emulator.Running;
using IgdLab.Emulator.Scenarios;

namespace IgdLab.Emulator.Cli;

/// <summary>
/// <c>igdlab run --list</c>: every run the same command line would play, with its tags and an estimate of its wall
/// time, and nothing played. Plain aligned text, so CI logs and <c>grep</c> read it as well as people do.
/// </summary>
internal static class RunListing
{
    private const string NoTags = "-";

    // Setting up a world on two cores (server GC, 2026-12-04) took about 2.2 ms a device on sockets (10,000: 22 s) and
    // 1.2-1.4 ms on the simulated network (10,000: 13 s; 30,000: 35 s; 100,000: 136 s); rounded up.
    private static readonly TimeSpan SetUpPerDevice = TimeSpan.FromMilliseconds(2.5);
    private static readonly TimeSpan SetUpPerSimulatedDevice = TimeSpan.FromMilliseconds(1.5);

    public static void Write(IReadOnlyList<RunSettings> runs, RunShard? shard, int parallel, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(output);
        var inShard = shard is null ? "" : $" in shard {shard}";
        output.WriteLine($"{CountText.Of(runs.Count, "run")}{inShard}; wall = the scenario's duration / its timeScale, plus about 2.5 ms a device to set up, 1.5 ms on the simulated network (an estimate)");
        if (runs.Count == 0)
        {
            return;
        }

        var rows = runs.Select(r => (Name: r.DisplayName, Tags: Tags(r), Wall: FigureText.Duration(Wall(r)), Note: r.SkipReason is { } reason ? $"skipped here: {reason}" : "")).ToList();
        var nameWidth = Math.Max("RUN".Length, rows.Max(r => r.Name.Length));
        var tagWidth = Math.Max("TAGS".Length, rows.Max(r => r.Tags.Length));
        var wallWidth = Math.Max("WALL".Length, rows.Max(r => r.Wall.Length));
        output.WriteLine($"{"RUN".PadRight(nameWidth)}  {"TAGS".PadRight(tagWidth)}  {"WALL".PadLeft(wallWidth)}");
        foreach (var row in rows)
        {
            output.WriteLine($"{row.Name.PadRight(nameWidth)}  {row.Tags.PadRight(tagWidth)}  {row.Wall.PadLeft(wallWidth)}{(row.Note.Length > 0 ? "  " + row.Note : "")}".TrimEnd());
        }

        var total = TimeSpan.FromTicks(runs.Where(r => r.SkipReason is null).Sum(r => Wall(r).Ticks));
        output.WriteLine(parallel > 1
            ? $"total wall {FigureText.Duration(total)} one run at a time, about {FigureText.Duration(RunSchedule.EstimatedWall(runs, parallel))} {parallel} at a time"
            : $"total wall {FigureText.Duration(total)} one run at a time");
    }

    /// <summary>How long a run takes on the wall clock: its scenario's own reckoning, plus its world's set-up in whole seconds.</summary>
    public static TimeSpan Wall(RunSettings run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var perDevice = run.Scenario.Network == WorldNetwork.Simulated ? SetUpPerSimulatedDevice : SetUpPerDevice;
        var setUp = TimeSpan.FromSeconds(Math.Round((perDevice * run.Scenario.DeviceCount).TotalSeconds));
        return (run.Scenario.Duration / run.Scenario.TimeScale) + setUp;
    }

    private static string Tags(RunSettings run) => run.Scenario.Tags.Count == 0 ? NoTags : string.Join(',', run.Scenario.Tags);
}
