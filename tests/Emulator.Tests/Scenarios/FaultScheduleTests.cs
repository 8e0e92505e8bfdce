using IgdLab.Emulator.Scenarios;

namespace IgdLab.Emulator.Tests.Scenarios;

public sealed class FaultScheduleTests
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(60);

    [TestCase(null, 5, null, null, null, 11)] // 5, 10, ... 55: the scenario's end itself is not a firing
    [TestCase(null, 5, 3, null, null, 12)] // 3, 8, ... 58
    [TestCase(null, 5, 3, 20, null, 4)] // 3, 8, 13, 18
    [TestCase(null, 5, 3, null, 2, 2)]
    [TestCase(null, 7, 60, null, null, 0)]
    [TestCase(12, null, null, null, null, 1)]
    public void FiringCount_IsHowManyFiringsThereAre(int? at, int? every, int? from, int? until, int? count, int expected)
    {
        var schedule = new FaultSchedule
        {
            At = Seconds(at), Every = Seconds(every), From = Seconds(from), Until = Seconds(until), Count = count,
        };

        Assert.That(schedule.FiringCount(Duration), Is.EqualTo(expected));
        Assert.That(schedule.Firings(Duration).Count(), Is.EqualTo(expected));
        Assert.That(schedule.Firings(Duration).All(t => t < (schedule.Until ?? Duration) || schedule.Every is null), Is.True);
    }

    private static TimeSpan? Seconds(int? value) => value is { } s ? TimeSpan.FromSeconds(s) : null;
}
