using IgdLab.Emulator.Reports;

namespace IgdLab.Emulator.Tests.Reports;

public sealed class RunReportTests
{
    [Test]
    public void Counts_MixedVerdicts_ErrorsCountAsFailed()
    {
        var report = ReportSamples.Run();

        Assert.That((report.Passed, report.Failed, report.Errors), Is.EqualTo((2, 3, 1)));
        Assert.That(report.ClosingLine, Is.EqualTo("2 passed, 3 failed"));
    }

    [Test]
    public void ClosingLine_NoScenarios_IsZeroAndZero()
    {
        Assert.That(ReportSamples.Of().ClosingLine, Is.EqualTo("0 passed, 0 failed"));
    }
}
