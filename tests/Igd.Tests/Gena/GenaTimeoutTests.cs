using IgdLab.Igd.Gena;

namespace IgdLab.Igd.Tests.Gena;

public sealed class GenaTimeoutTests
{
    [TestCase("Second-300", 1800, TestName = "Grant_BelowMinimum_RaisedTo1800")]
    [TestCase("Second-1800", 1800, TestName = "Grant_Minimum_Granted")]
    [TestCase("Second-3600", 3600, TestName = "Grant_AboveMinimum_Granted")]
    [TestCase("second-3600", 3600, TestName = "Grant_LowerCasePrefix_Granted")]
    [TestCase(" Second-3600 ", 3600, TestName = "Grant_SurroundingSpace_Granted")]
    [TestCase("Second-infinite", 1800, TestName = "Grant_Infinite_Gets1800")]
    [TestCase(null, 1800, TestName = "Grant_Missing_Gets1800")]
    [TestCase("", 1800, TestName = "Grant_Empty_Gets1800")]
    [TestCase("Second--5", 1800, TestName = "Grant_Negative_Gets1800")]
    [TestCase("Second-99999999999", 1800, TestName = "Grant_Overflowing_Gets1800")]
    [TestCase("Minute-5", 1800, TestName = "Grant_Malformed_Gets1800")]
    public void Grant_Header_ReturnsGrantedSeconds(string? header, int expected) =>
        Assert.That(GenaTimeout.Grant(header), Is.EqualTo(expected));

    [Test]
    public void Format_Seconds_UsesSecondPrefix() => Assert.That(GenaTimeout.Format(1800), Is.EqualTo("Second-1800"));
}
