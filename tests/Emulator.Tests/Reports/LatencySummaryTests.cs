using IgdLab.Emulator.Reports;

namespace IgdLab.Emulator.Tests.Reports;

public sealed class LatencySummaryTests
{
    [Test]
    public void Of_NoLatencies_ReturnsNull()
    {
        Assert.That(LatencySummary.Of([]), Is.Null);
    }

    [Test]
    public void Of_OneToHundredMillisecondsShuffled_GivesNearestRankPercentiles()
    {
        var latencies = Enumerable.Range(1, 100).Select(i => TimeSpan.FromMilliseconds(i)).ToList();
        new Random(1).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(latencies));

        var summary = LatencySummary.Of(latencies);

        Assert.That(summary, Is.EqualTo(new LatencySummary(
            100, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(95), TimeSpan.FromMilliseconds(99), TimeSpan.FromMilliseconds(100))));
    }

    [Test]
    public void Of_TenLatencies_RoundsRanksUp()
    {
        // Ranks: p50 → ceil(5) = 5th, p95 → ceil(9.5) = 10th, p99 → ceil(9.9) = 10th.
        var summary = LatencySummary.Of(Enumerable.Range(1, 10).Reverse().Select(i => TimeSpan.FromSeconds(i)));

        Assert.That(summary, Is.EqualTo(new LatencySummary(10, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10))));
    }

    [Test]
    public void Of_ThreeLatencies_MedianIsTheMiddleOneNotAnAverage()
    {
        var summary = LatencySummary.Of([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(2)]);

        Assert.That(summary!.P50, Is.EqualTo(TimeSpan.FromSeconds(2)));
        Assert.That(summary.P95, Is.EqualTo(TimeSpan.FromSeconds(4)));
    }

    [Test]
    public void Of_OneLatency_IsEveryPercentile()
    {
        var one = TimeSpan.FromMilliseconds(850);

        Assert.That(LatencySummary.Of([one]), Is.EqualTo(new LatencySummary(1, one, one, one, one)));
    }

    [Test]
    public void NearestRank_ZeroPercentile_GivesSmallest()
    {
        Assert.That(LatencySummary.NearestRank([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], 0), Is.EqualTo(TimeSpan.FromSeconds(1)));
    }

    [TestCase(-1)]
    [TestCase(100.5)]
    public void NearestRank_PercentileOutOfRange_Throws(double percentile)
    {
        Assert.That(() => LatencySummary.NearestRank([TimeSpan.FromSeconds(1)], percentile), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void NearestRank_NoValues_Throws()
    {
        Assert.That(() => LatencySummary.NearestRank([], 50), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
