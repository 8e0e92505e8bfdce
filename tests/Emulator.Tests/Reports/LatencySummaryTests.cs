using IgdLab.Emulator.Reports;

namespace IgdLab.Emulator.Tests.Reports;

public sealed class LatencySummaryTests
{
    [Test]
    public void Of_NoLatencies_ReturnsNull()
    {
        Assert.That(LatencySummary.Of(Array.Empty<TimeSpan?>()), Is.Null);
    }

    [Test]
    public void Of_OneToHundredMillisecondsShuffled_GivesNearestRankPercentiles()
    {
        var latencies = Enumerable.Range(1, 100).Select(i => TimeSpan.FromMilliseconds(i)).ToList();
        new Random(1).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(latencies));

        var summary = LatencySummary.Of(latencies);

        Assert.That(summary, Is.EqualTo(new LatencySummary(
            100, 0, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(95), TimeSpan.FromMilliseconds(99), TimeSpan.FromMilliseconds(100))));
    }

    [Test]
    public void Of_TenLatencies_RoundsRanksUp()
    {
        // Ranks: p50 → ceil(5) = 5th, p95 → ceil(9.5) = 10th, p99 → ceil(9.9) = 10th.
        var summary = LatencySummary.Of(Enumerable.Range(1, 10).Reverse().Select(i => TimeSpan.FromSeconds(i)));

        Assert.That(summary, Is.EqualTo(new LatencySummary(10, 0, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10))));
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

        Assert.That(LatencySummary.Of([one]), Is.EqualTo(new LatencySummary(1, 0, one, one, one, one)));
    }

    [Test]
    public void Of_OutagesThatNeverEnded_CountInNAndRankAboveEveryMeasuredLatency()
    {
        // The strategy-comparison case that misled: six restored, five never. They are n = 11, not n = 6.
        TimeSpan?[] latencies = [S(50), null, S(10), null, S(20), null, S(30), null, S(40), null, S(45)];

        var summary = LatencySummary.Of(latencies);

        Assert.That(summary, Is.EqualTo(new LatencySummary(11, 5, S(50), null, null, null)));
    }

    [Test]
    public void Of_FivePercentNeverEnded_P95IsStillMeasuredButMaxIsNever()
    {
        var latencies = Enumerable.Range(1, 95).Select(i => (TimeSpan?)TimeSpan.FromMilliseconds(i)).Concat(Enumerable.Repeat<TimeSpan?>(null, 5));

        var summary = LatencySummary.Of(latencies)!;

        Assert.Multiple(() =>
        {
            Assert.That(summary.Count, Is.EqualTo(100));
            Assert.That(summary.P95, Is.EqualTo(TimeSpan.FromMilliseconds(95)));
            Assert.That(summary.P99, Is.Null, "p99 lands among the five that never ended");
            Assert.That(summary.Max, Is.Null);
        });
    }

    [Test]
    public void Of_MoreThanFivePercentNeverEnded_P95IsNever()
    {
        var latencies = Enumerable.Range(1, 94).Select(i => (TimeSpan?)TimeSpan.FromMilliseconds(i)).Concat(Enumerable.Repeat<TimeSpan?>(null, 6));

        Assert.That(LatencySummary.Of(latencies)!.P95, Is.Null);
    }

    [Test]
    public void Json_NeverEndedPercentile_IsWrittenAsNeverAndReadBack()
    {
        var summary = new LatencySummary(3, 1, S(1.5), null, null, null);

        var json = System.Text.Json.JsonSerializer.Serialize(summary, ReportJson.Options);
        var read = System.Text.Json.JsonSerializer.Deserialize<LatencySummary>(json, ReportJson.Options);

        Assert.Multiple(() =>
        {
            Assert.That(json, Does.Contain("\"p50\": 1.5").And.Contain("\"p95\": \"never\"").And.Contain("\"never\": 1"));
            Assert.That(read, Is.EqualTo(summary));
        });
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

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);
}
