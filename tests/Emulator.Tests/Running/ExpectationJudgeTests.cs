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
}
