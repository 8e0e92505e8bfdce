using IgdLab.Emulator.Reports;

namespace IgdLab.Emulator.Tests.Reports;

public sealed class ScenarioReportTests
{
    [Test]
    public void DisplayName_WithVariant_AppendsItInBrackets()
    {
        Assert.That(ReportSamples.Variant("renew 20s", ScenarioVerdict.Passed, 1).DisplayName, Is.EqualTo("strategies [renew 20s]"));
    }

    [Test]
    public void DisplayName_WithoutVariant_IsTheName()
    {
        Assert.That(ReportSamples.Passed().DisplayName, Is.EqualTo("one-mapping-dropped"));
    }

    [Test]
    public void FailedExpectations_SomeFailed_ListsOnlyThoseInOrder()
    {
        var names = ReportSamples.FailedTwice().FailedExpectations.Select(e => e.Name);

        Assert.That(names, Is.EqualTo(new[] { "remapLatency.p95", "maxOutage" }));
    }
}
