using IgdLab.Emulator.Reports;

namespace IgdLab.Emulator.Tests.Reports;

public sealed class ExpectationResultTests
{
    [Test]
    public void Create_Values_MessageNamesExpectationMeasuredValueAndLimit()
    {
        var result = ExpectationResult.Create("remapLatency.p95", "2s", "2.314s", passed: false);

        Assert.That(result, Is.EqualTo(new ExpectationResult("remapLatency.p95", "2s", "2.314s", false, "remapLatency.p95 was 2.314s, limit 2s")));
    }
}
