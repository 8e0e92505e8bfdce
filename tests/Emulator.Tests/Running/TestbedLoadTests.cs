using IgdLab.Emulator.Measuring;
using IgdLab.Emulator.Reports;
using IgdLab.Emulator.Running;
using IgdLab.Emulator.Scenarios;

namespace IgdLab.Emulator.Tests.Running;

public sealed class TestbedLoadTests
{
    private static LatencySummary Lag(double maxMs) =>
        new(100, 0, TimeSpan.Zero, TimeSpan.FromMilliseconds(maxMs / 2), TimeSpan.FromMilliseconds(maxMs / 2), TimeSpan.FromMilliseconds(maxMs));

    [Test]
    public void Threshold_IsAShareOfTheTightestLatencyLimit_NeverBelowTheFloor()
    {
        var tight = new ScenarioExpectations
        {
            RemapLatency = new LatencyLimits { P95 = TimeSpan.FromSeconds(3), Max = TimeSpan.FromSeconds(4) },
            MaxOutage = TimeSpan.FromSeconds(2),
        };
        var loose = new ScenarioExpectations { RemapLatency = new LatencyLimits { Max = TimeSpan.FromMinutes(4) } };

        Assert.That(TestbedLoad.Threshold(tight), Is.EqualTo(TimeSpan.FromMilliseconds(100)));
        Assert.That(TestbedLoad.Threshold(loose), Is.EqualTo(TimeSpan.FromSeconds(12)));
        Assert.That(TestbedLoad.Threshold(new ScenarioExpectations { FalseRemaps = 0 }), Is.EqualTo(TestbedLoad.Floor));
        Assert.That(TestbedLoad.Threshold(new ScenarioExpectations { MaxOutage = TimeSpan.FromMilliseconds(500) }), Is.EqualTo(TestbedLoad.Floor));
        Assert.That(TestbedLoad.Floor, Is.EqualTo(TimeSpan.FromMilliseconds(50)));
    }

    [Test]
    public void Warnings_OnlyWhenTheLagExceedsTheThreshold_AndSayWhatToDo()
    {
        var expect = new ScenarioExpectations { MaxOutage = TimeSpan.FromSeconds(2) };

        Assert.That(TestbedLoad.Warnings(expect, null, null), Is.Empty);
        Assert.That(TestbedLoad.Warnings(expect, Lag(200), null), Is.Empty);
        Assert.That(TestbedLoad.Warnings(expect, Lag(220), null), Has.Count.EqualTo(1));
        var warning = TestbedLoad.Warnings(expect, Lag(1500), null).Single();
        Assert.That(warning, Does.StartWith("the scenario clock's timers woke up to 1.5s late (p99 750ms, scenario time)"));
        Assert.That(warning, Does.Contain("--parallel 1"));
    }

    [Test]
    public void Warnings_TripOnSaturatedCpus_EvenWhenTheClockKeptTime()
    {
        var expect = new ScenarioExpectations { MaxOutage = TimeSpan.FromSeconds(2) };

        Assert.That(TestbedLoad.Warnings(expect, Lag(0), new CpuLoad(0.85, 1.0, CpuScope.Machine, 2)), Is.Empty, "a busy second alone is not saturation");
        var warning = TestbedLoad.Warnings(expect, Lag(0), new CpuLoad(0.97, 1.0, CpuScope.Machine, 2)).Single();
        Assert.That(warning, Does.StartWith("the machine's CPUs were 97 % busy on average while the run played (2 cores)"));
        Assert.That(warning, Does.Contain("--parallel 1"));
        Assert.That(TestbedLoad.Warnings(expect, Lag(1500), new CpuLoad(0.95, 1.0, CpuScope.Process, 1)), Has.Count.EqualTo(2), "lag and saturation are both told");
    }

    [Test]
    public void Warnings_TellWhenTheWatchdogFellBehindItsProbeInterval()
    {
        var expect = new ScenarioExpectations { MaxOutage = TimeSpan.FromSeconds(2) };

        Assert.That(TestbedLoad.Warnings(expect, Lag(0), cpu: null, new ProbeRate(9_500, 10_000)), Is.Empty, "95 % of the due rate keeps the interval well enough");
        var warning = TestbedLoad.Warnings(expect, Lag(0), cpu: null, new ProbeRate(6_120.4, 10_000)).Single();
        Assert.That(warning, Does.StartWith("the watchdog completed 6,120/s of 10,000/s due (61 %)"));
        Assert.That(warning, Does.Contain("detection latencies include the backlog"));
    }
}
