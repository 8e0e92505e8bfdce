using IgdLab.Device.Devices;

namespace IgdLab.Device.Tests.Devices;

public sealed class JitteredIntervalTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    [Test]
    public void Next_StaysBetweenTheJitteredShareAndTheInterval_AndVaries()
    {
        var waits = Draw(new JitteredInterval(Interval, 0.2, seed: 7), 200);

        Assert.That(waits, Has.All.InRange(TimeSpan.FromMilliseconds(80), Interval));
        Assert.That(waits.Distinct().Count(), Is.GreaterThan(100), "the waits vary");
    }

    [Test]
    public void Next_SameSeed_SameWaits_OtherSeed_OtherWaits()
    {
        var first = Draw(new JitteredInterval(Interval, 0.2, seed: 7), 20);

        Assert.That(Draw(new JitteredInterval(Interval, 0.2, seed: 7), 20), Is.EqualTo(first));
        Assert.That(Draw(new JitteredInterval(Interval, 0.2, seed: 8), 20), Is.Not.EqualTo(first));
    }

    [Test]
    public void Next_NoJitter_IsTheInterval()
    {
        Assert.That(Draw(new JitteredInterval(Interval, 0, seed: 7), 10), Has.All.EqualTo(Interval));
    }

    private static List<TimeSpan> Draw(JitteredInterval waits, int count) => [.. Enumerable.Range(0, count).Select(_ => waits.Next())];
}
