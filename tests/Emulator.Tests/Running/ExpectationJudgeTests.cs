using IgdLab.Emulator.Measuring;
using IgdLab.Emulator.Reports;
using IgdLab.Emulator.Running;
using IgdLab.Emulator.Scenarios;

namespace IgdLab.Emulator.Tests.Running;

public sealed class ExpectationJudgeTests
{
    private static readonly DeviceAct[] FourFalseRemaps =
    [
        new(TimeSpan.FromSeconds(60.258), "pc-0002"),
        new(TimeSpan.FromSeconds(61), "nas-0003"),
        new(TimeSpan.FromSeconds(62), "nas-0003"),
        new(TimeSpan.FromSeconds(90), "cam-0004"),
    ];

    [Test]
    public void FalseRemaps_OverTheLimit_NameTheFirstDevicesAndTimes()
    {
        var results = ExpectationJudge.Judge(
            new ScenarioExpectations { FalseRemaps = 0 },
            new ScenarioFigures { FalseRemaps = 4 },
            new MeasuredGaps(0, 0, 0, FourFalseRemaps));

        var result = results.Single();
        Assert.That(result.Passed, Is.False);
        Assert.That(result.Message, Is.EqualTo("falseRemaps was 4 (pc-0002 at 60.3s, nas-0003 at 61.0s, nas-0003 at 62.0s and 1 more), limit 0"));
    }

    [Test]
    public void FalseRemaps_WithinTheLimit_GiveTheCountAlone()
    {
        var results = ExpectationJudge.Judge(
            new ScenarioExpectations { FalseRemaps = 4 },
            new ScenarioFigures { FalseRemaps = 4 },
            new MeasuredGaps(0, 0, 0, FourFalseRemaps));

        Assert.That(results.Single(), Is.EqualTo(ExpectationResult.Create("falseRemaps", "4", "4", passed: true)));
    }

    [Test]
    public void RemapLatency_IncidentsThatNeverRecovered_SayIncidentsOnDevicesNotBrokenDevices()
    {
        // 32 device×fault incidents on 16 devices never recovered, of 40: p95 is "never", and the message counts both.
        var latencies = Enumerable.Repeat<TimeSpan?>(TimeSpan.FromSeconds(1), 8).Concat(Enumerable.Repeat<TimeSpan?>(null, 32));
        var results = ExpectationJudge.Judge(
            new ScenarioExpectations { RemapLatency = new LatencyLimits { P95 = TimeSpan.FromSeconds(2) } },
            new ScenarioFigures { RemapLatency = LatencySummary.Of(latencies) },
            new MeasuredGaps(UnrestoredDevices: 16, UndetectedDevices: 0, UnreachableAtEnd: 16, FalseRemaps: []));

        Assert.That(results.Single(), Is.EqualTo(ExpectationResult.Create(
            "remapLatency.p95", "2s", "never (32 incidents on 16 devices never recovered, of 40)", passed: false)));
    }

    [Test]
    public void RemapLatency_OneOfHundredNeverRecovered_P95PassesOnItsValueAndSaysSo()
    {
        var latencies = Enumerable.Repeat<TimeSpan?>(TimeSpan.FromSeconds(1), 99).Append(null);
        var results = ExpectationJudge.Judge(
            new ScenarioExpectations { RemapLatency = new LatencyLimits { P95 = TimeSpan.FromSeconds(2), Max = TimeSpan.FromSeconds(5) } },
            new ScenarioFigures { RemapLatency = LatencySummary.Of(latencies) },
            new MeasuredGaps(UnrestoredDevices: 1, UndetectedDevices: 0, UnreachableAtEnd: 1, FalseRemaps: []));

        Assert.That(results, Is.EqualTo(new[]
        {
            ExpectationResult.Create("remapLatency.p95", "2s", "1s (1 incident on 1 device never recovered, of 100)", passed: true),
            ExpectationResult.Create("remapLatency.max", "5s", "never (1 incident on 1 device never recovered, of 100)", passed: false),
        }));
    }

    [Test]
    public void RemapLatency_NothingBroke_HoldsAndSaysNone()
    {
        var results = ExpectationJudge.Judge(
            new ScenarioExpectations { RemapLatency = new LatencyLimits { Max = TimeSpan.FromSeconds(2) } },
            new ScenarioFigures(),
            new MeasuredGaps(0, 0, 0, []));

        Assert.That(results.Single(), Is.EqualTo(ExpectationResult.Create("remapLatency.max", "2s", "none (no device was unreachable)", passed: true)));
    }

    [Test]
    public void RestoreAfterReturn_NoDowntimeHeldADeviceUp_HoldsAndSaysWhy()
    {
        var results = ExpectationJudge.Judge(
            new ScenarioExpectations { RestoreAfterReturn = new LatencyLimits { P95 = TimeSpan.FromMilliseconds(300) } },
            new ScenarioFigures(),
            new MeasuredGaps(0, 0, 0, []));

        Assert.That(results.Single(), Is.EqualTo(ExpectationResult.Create(
            "restoreAfterReturn.p95", "300ms", "none (no gateway downtime held a device up)", passed: true)));
    }

    [Test]
    public void RestoreAfterReturn_OverTheLimit_Fails()
    {
        var results = ExpectationJudge.Judge(
            new ScenarioExpectations { RestoreAfterReturn = new LatencyLimits { P95 = TimeSpan.FromMilliseconds(300) } },
            new ScenarioFigures { RestoreAfterReturn = LatencySummary.Of([TimeSpan.FromSeconds(2.1)]) },
            new MeasuredGaps(0, 0, 0, []));

        Assert.That(results.Single(), Is.EqualTo(ExpectationResult.Create("restoreAfterReturn.p95", "300ms", "2.1s", passed: false)));
    }
}
