using IgdLab.Emulator.World;
using Microsoft.Extensions.Time.Testing;

namespace IgdLab.Emulator.Tests.World;

public sealed class ScaledTimeProviderTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public void GetUtcNow_WallAdvancesOneSecond_ScenarioAdvancesScaleSeconds()
    {
        var wall = new FakeTimeProvider(Start);
        var clock = new ScaledTimeProvider(60, Start, wall);

        wall.Advance(TimeSpan.FromSeconds(1));

        Assert.That(clock.GetUtcNow() - Start, Is.EqualTo(TimeSpan.FromMinutes(1)));
    }

    [Test]
    public void GetElapsedTime_IsScaled()
    {
        var wall = new FakeTimeProvider(Start);
        var clock = new ScaledTimeProvider(10, Start, wall);
        var began = clock.GetTimestamp();

        wall.Advance(TimeSpan.FromMilliseconds(250));

        Assert.That(clock.GetElapsedTime(began), Is.EqualTo(TimeSpan.FromMilliseconds(2500)));
    }

    [Test]
    public void CreateTimer_FiresAfterTheScenarioDueTimeDividedByTheScale()
    {
        var wall = new FakeTimeProvider(Start);
        var clock = new ScaledTimeProvider(60, Start, wall);
        var fired = 0;
        using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(1));

        wall.Advance(TimeSpan.FromSeconds(9.9));
        Assert.That(fired, Is.Zero);
        wall.Advance(TimeSpan.FromSeconds(0.1));
        Assert.That(fired, Is.EqualTo(1));
        wall.Advance(TimeSpan.FromSeconds(1));
        Assert.That(fired, Is.EqualTo(2));
    }

    [Test]
    public void Change_ScalesTheNewDueTime_AndInfiniteStaysInfinite()
    {
        var wall = new FakeTimeProvider(Start);
        var clock = new ScaledTimeProvider(4, Start, wall);
        var fired = 0;
        using var timer = clock.CreateTimer(_ => fired++, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        wall.Advance(TimeSpan.FromHours(1));
        Assert.That(fired, Is.Zero);

        timer.Change(TimeSpan.FromSeconds(8), Timeout.InfiniteTimeSpan);
        wall.Advance(TimeSpan.FromSeconds(2));

        Assert.That(fired, Is.EqualTo(1));
    }

    [Test]
    public async Task Delay_OnTheScaledClock_EndsAfterTheScaledWallTime()
    {
        var wall = new FakeTimeProvider(Start);
        var clock = new ScaledTimeProvider(5, Start, wall);

        var delay = Task.Delay(TimeSpan.FromSeconds(10), clock);
        wall.Advance(TimeSpan.FromSeconds(1.9));
        Assert.That(delay.IsCompleted, Is.False);
        wall.Advance(TimeSpan.FromSeconds(0.1));

        await delay.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.That(delay.IsCompletedSuccessfully, Is.True);
    }

    [TestCase(0.0)]
    [TestCase(-1.0)]
    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    public void Constructor_ScaleNotAPositiveNumber_Throws(double scale) =>
        Assert.That(() => new ScaledTimeProvider(scale), Throws.TypeOf<ArgumentOutOfRangeException>());
}
