using IgdLab.Emulator.Running;

namespace IgdLab.Emulator.Tests.Running;

public sealed class ScenarioReportBuilderTests
{
    [TestCase("scenarios/x.yaml", null, "igdlab run scenarios/x.yaml --seed 19")]
    [TestCase("scenarios/x.yaml", "watchdog+events", "igdlab run scenarios/x.yaml --seed 19 --variant watchdog+events")]
    [TestCase("scenarios/x.yaml", "renew 20s", "igdlab run scenarios/x.yaml --seed 19 --variant 'renew 20s'")]
    [TestCase("my scenarios/x.yaml", "it's", "igdlab run 'my scenarios/x.yaml' --seed 19 --variant 'it'\\''s'")]
    public void ReplayCommand_Variant_IsSelectedSoOnlyThatOneRuns(string file, string? variant, string expected)
    {
        Assert.That(ScenarioReportBuilder.ReplayCommand(file, 19, variant), Is.EqualTo(expected));
    }
}
