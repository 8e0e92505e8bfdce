using IgdLab.Emulator.Reports;

namespace IgdLab.Emulator.Tests.Reports;

public sealed class ComparedScenarioTests
{
    [Test]
    public void In_Run_GroupsVariantsOfOneScenarioAndSkipsPlainScenarios()
    {
        var other = ReportSamples.Variant("poll 60s", ScenarioVerdict.Passed, 30) with { File = "scenarios/other.yaml" };
        var report = ReportSamples.Of(
            ReportSamples.Passed(),
            ReportSamples.Variant("watchdog", ScenarioVerdict.Passed, 1),
            other,
            ReportSamples.Variant("renew 20s", ScenarioVerdict.Passed, 9));

        var groups = ComparedScenario.In(report);

        Assert.That(groups.Select(g => (g.File, g.Name)), Is.EqualTo(new[] { ("scenarios/compare.yaml", "strategies"), ("scenarios/other.yaml", "strategies") }));
        Assert.That(groups[0].Variants.Select(v => v.Variant), Is.EqualTo(new[] { "watchdog", "renew 20s" }));
        Assert.That(groups[1].Variants.Select(v => v.Variant), Is.EqualTo(new[] { "poll 60s" }));
    }
}
