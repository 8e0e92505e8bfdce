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

    [Test]
    public void X_Window_MapsItsStartToTheLeftAndItsEndToTheRight()
    {
        var scale = new TimelineScale(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(12), left: 100, width: 800, origin: null);

        Assert.That(scale.X(TimeSpan.FromSeconds(10)), Is.EqualTo(100).Within(1e-9));
        Assert.That(scale.X(TimeSpan.FromSeconds(11)), Is.EqualTo(500).Within(1e-9));
        Assert.That(scale.X(TimeSpan.FromSeconds(5)), Is.EqualTo(100).Within(1e-9));
    }

    [Test]
    public void Ticks_WithOrigin_AreCountedFromTheOriginAndLabelledRelativeToIt()
    {
        var scale = new TimelineScale(TimeSpan.FromMilliseconds(9_930), TimeSpan.FromMilliseconds(10_740), 0, 800, TimeSpan.FromSeconds(10));

        var ticks = scale.Ticks();

        Assert.That(ticks.Select(scale.TickText), Is.EqualTo(new[] { "0", "+100ms", "+200ms", "+300ms", "+400ms", "+500ms", "+600ms", "+700ms" }));
        Assert.That(ticks[0], Is.EqualTo(TimeSpan.FromSeconds(10)));
    }

    [Test]
    public void TickText_BeforeTheOrigin_IsNegative()
    {
        var scale = new TimelineScale(TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(20), 0, 800, TimeSpan.FromSeconds(10));

        Assert.That(scale.Ticks().Select(scale.TickText), Is.EqualTo(new[] { "-2s", "0", "+2s", "+4s", "+6s", "+8s", "+10s" }));
    }

    [TestCase(412, "+0.412 s")]
    [TestCase(0, "+0.000 s")]
    [TestCase(-50, "-0.050 s")]
    [TestCase(16_279, "+16.279 s")]
    public void Offset_FromAFault_IsSignedSecondsToTheMillisecond(double milliseconds, string expected)
    {
        Assert.That(TimelineScale.Offset(TimeSpan.FromMilliseconds(milliseconds)), Is.EqualTo(expected));
    }

    [Test]
    public void Text_WithoutOrigin_IsScenarioTime_WithOriginAnOffset()
    {
        var at = TimeSpan.FromMilliseconds(10_412);

        Assert.That(new TimelineScale(TimeSpan.FromSeconds(30), 0, 800).Text(at), Is.EqualTo("10.41s"));
        Assert.That(new TimelineScale(TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(11), 0, 800, TimeSpan.FromSeconds(10)).Text(at), Is.EqualTo("+0.412 s"));
    }
}
