using IgdLab.Emulator.Cli;
using IgdLab.Emulator.Running;
using IgdLab.Emulator.Scenarios;

namespace IgdLab.Emulator.Tests.Cli;

public sealed class RunScheduleTests
{
    [Test]
    public void StartOrder_RunsOfDifferentLengths_LongestEstimateFirst()
    {
        // 10 s, 60 s, 17.5 s and 35 s on the wall: duration / timeScale, not duration alone.
        var runs = new[] { Run("short", 40, 4), Run("fleet", 60, 1), Run("medium", 35, 2), Run("comparison", 140, 4) };

        Assert.That(RunSchedule.StartOrder(runs), Is.EqualTo(new[] { 1, 3, 2, 0 }));
    }

    [Test]
    public void StartOrder_EqualEstimates_KeepFileOrder()
    {
        var runs = new[] { Run("a", 10, 1), Run("b", 20, 2), Run("c", 40, 4) };

        Assert.That(RunSchedule.StartOrder(runs), Is.EqualTo(new[] { 0, 1, 2 }));
    }

    [Test]
    public void StartOrder_SkippedRun_StartsLast()
    {
        var runs = new[] { Run("skipped", 600, 1) with { SkipReason = "needs root" }, Run("played", 10, 1) };

        Assert.That(RunSchedule.StartOrder(runs), Is.EqualTo(new[] { 1, 0 }));
    }

    [Test]
    public void StartOrder_NoRuns_IsEmpty() =>
        Assert.That(RunSchedule.StartOrder([]), Is.Empty);

    [TestCase(1, 2)]
    [TestCase(2, 4)]
    [TestCase(8, 16)]
    [TestCase(0, 2)]
    public void DefaultParallel_ProcessorCount_TwoRunsPerProcessor(int processors, int expected) =>
        Assert.That(RunSchedule.DefaultParallel(processors), Is.EqualTo(expected));

    private static RunSettings Run(string name, double durationSeconds, double timeScale) => new()
    {
        File = name + ".yaml",
        Scenario = new Scenario { Name = name, Duration = TimeSpan.FromSeconds(durationSeconds), TimeScale = timeScale },
        Seed = 1,
    };
}
