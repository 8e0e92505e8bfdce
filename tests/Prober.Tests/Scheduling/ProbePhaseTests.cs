using IgdLab.Prober.Scheduling;

namespace IgdLab.Prober.Tests.Scheduling;

public sealed class ProbePhaseTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    [Test]
    public void Of_SameIdAndSeed_SamePhase()
    {
        var first = ProbePhase.Of("nas", 3, Interval);

        var again = ProbePhase.Of("nas", 3, Interval);

        Assert.That(again, Is.EqualTo(first));
    }

    [Test]
    public void Of_AnotherSeed_MovesThePhase()
    {
        var phases = Enumerable.Range(0, 10).Select(seed => ProbePhase.Of("nas", seed, Interval)).Distinct();

        Assert.That(phases.Count(), Is.GreaterThan(8));
    }

    [Test]
    public void Of_SequentialIds_StayInsideTheIntervalAndSpreadEvenly()
    {
        var phases = Enumerable.Range(0, 10_000).Select(i => ProbePhase.Of($"device-{i}", 0, Interval)).ToArray();

        Assert.That(phases.Min(), Is.GreaterThanOrEqualTo(TimeSpan.Zero));
        Assert.That(phases.Max(), Is.LessThan(Interval));
        var perHundredth = phases.GroupBy(phase => (int)(phase / (Interval / 100))).Select(group => group.Count()).ToArray();
        Assert.That(perHundredth, Has.Length.EqualTo(100));
        Assert.That(perHundredth, Has.All.InRange(60, 140), "about 100 devices in every hundredth");
    }
}
