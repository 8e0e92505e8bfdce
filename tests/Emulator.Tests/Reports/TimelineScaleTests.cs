using IgdLab.Emulator.Reports;

namespace IgdLab.Emulator.Tests.Reports;

public sealed class TimelineScaleTests
{
    [TestCase(0, 100)]
    [TestCase(15, 300)]
    [TestCase(60, 900)]
    [TestCase(90, 900)]
    [TestCase(-1, 100)]
    public void X_Time_IsLinearAndClampedToTheAxis(double seconds, double expected)
    {
        var scale = new TimelineScale(TimeSpan.FromSeconds(60), left: 100, width: 800);

        Assert.That(scale.X(TimeSpan.FromSeconds(seconds)), Is.EqualTo(expected).Within(1e-9));
    }

    [Test]
    public void Ctor_ZeroEnd_UsesOneSecond()
    {
        Assert.That(new TimelineScale(TimeSpan.Zero, 0, 100).End, Is.EqualTo(TimeSpan.FromSeconds(1)));
    }

    [TestCase(60_000, 10_000, 7)]
    [TestCase(100_000, 10_000, 11)]
    [TestCase(300_000, 30_000, 11)]
    [TestCase(450, 50, 10)]
    [TestCase(3_600_000, 600_000, 7)]
    [TestCase(86_400_000 * 30.0, 86_400_000 * 3.0, 11)]
    public void Ticks_End_AreRoundStepsFromZeroAtMostTenApart(double endMs, double stepMs, int count)
    {
        var ticks = new TimelineScale(TimeSpan.FromMilliseconds(endMs), 0, 100).Ticks();

        Assert.That(ticks, Has.Count.EqualTo(count));
        Assert.That(ticks, Is.EqualTo(Enumerable.Range(0, count).Select(i => TimeSpan.FromMilliseconds(i * stepMs))));
    }
}
