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
    public void DisposedTimer_LeavesTheQueue_BeforeItsDueInstant()
    {
        var wall = new FakeTimeProvider(Start);
        var clock = new ScaledTimeProvider(1, Start, wall);
        var (timer, state) = DisposedTimer(clock);

        GC.Collect();
        GC.WaitForPendingFinalizers();

        Assert.That(timer.IsAlive, Is.False, "the queue must not hold a disposed timer, due in 10 s, until then");
        Assert.That(state.IsAlive, Is.False, "nor what its callback reaches");
        wall.Advance(TimeSpan.FromSeconds(11));
    }

    [Test]
    public void DisposedTimer_StillHeld_LetsGoOfItsState()
    {
        var wall = new FakeTimeProvider(Start);
        var clock = new ScaledTimeProvider(1, Start, wall);
        var (timer, state) = DisposedTimerHeld(clock);

        GC.Collect();
        GC.WaitForPendingFinalizers();

        Assert.That(state.IsAlive, Is.False, "a token source keeps its disposed timer, and must not keep its registrations through it");
        GC.KeepAlive(timer);
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
    [Test]
    public void ChangeScale_KeepsTimeContinuous()
    {
        var wall = new FakeTimeProvider(Start);
        var clock = new ScaledTimeProvider(1, Start, wall);
        var began = clock.GetTimestamp();

        wall.Advance(TimeSpan.FromSeconds(2));
        clock.ChangeScale(10);
        Assert.That(clock.GetUtcNow() - Start, Is.EqualTo(TimeSpan.FromSeconds(2)));
        wall.Advance(TimeSpan.FromSeconds(1));

        Assert.That(clock.GetUtcNow() - Start, Is.EqualTo(TimeSpan.FromSeconds(12)));
        Assert.That(clock.GetElapsedTime(began), Is.EqualTo(TimeSpan.FromSeconds(12)));
        Assert.That(clock.Scale, Is.EqualTo(10));
    }

    [Test]
    public void ChangeScale_MovesAPendingTimerToItsScenarioDueInstant()
    {
        // A two-minute lease granted while the world was set up at scale 1 still runs out two scenario minutes after
        // it was granted once the scenario plays at 10x: after 2 s of set-up, 118 s remain, 11.8 s of wall time.
        var wall = new FakeTimeProvider(Start);
        var clock = new ScaledTimeProvider(1, Start, wall);
        var firedAt = TimeSpan.Zero;
        using var timer = clock.CreateTimer(_ => firedAt = clock.GetUtcNow() - Start, null, TimeSpan.FromMinutes(2), Timeout.InfiniteTimeSpan);

        wall.Advance(TimeSpan.FromSeconds(2));
        clock.ChangeScale(10);
        wall.Advance(TimeSpan.FromSeconds(11.7));
        Assert.That(firedAt, Is.EqualTo(TimeSpan.Zero));
        wall.Advance(TimeSpan.FromSeconds(0.1));

        Assert.That(firedAt, Is.EqualTo(TimeSpan.FromMinutes(2)));
        Assert.That(clock.PendingTimers, Is.Zero);
    }

    [Test]
    public void ChangeScale_APeriodicTimerTicksAtTheNewScale()
    {
        var wall = new FakeTimeProvider(Start);
        var clock = new ScaledTimeProvider(1, Start, wall);
        var fired = 0;
        using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
        wall.Advance(TimeSpan.FromSeconds(10));
        Assert.That(fired, Is.EqualTo(1));

        clock.ChangeScale(10);
        wall.Advance(TimeSpan.FromSeconds(1));
        Assert.That(fired, Is.EqualTo(2));
        wall.Advance(TimeSpan.FromSeconds(3));

        Assert.That(fired, Is.EqualTo(5));
        Assert.That(clock.PendingTimers, Is.EqualTo(1));
    }

    [Test]
    public void Dispose_ForgetsTheTimer_AndAScaleChangeLeavesItAlone()
    {
        var wall = new FakeTimeProvider(Start);
        var clock = new ScaledTimeProvider(1, Start, wall);
        var fired = 0;
        var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
        Assert.That(clock.PendingTimers, Is.EqualTo(1));

        timer.Dispose();
        clock.ChangeScale(100);
        wall.Advance(TimeSpan.FromSeconds(10));

        Assert.That(fired, Is.Zero);
        Assert.That(clock.PendingTimers, Is.Zero);
        Assert.That(timer.Change(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan), Is.False);
    }

    [Test]
    public void Change_ToALaterDueTime_FiresOnlyAtTheNewOne()
    {
        var wall = new FakeTimeProvider(Start);
        var clock = new ScaledTimeProvider(10, Start, wall);
        var fired = 0;
        using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);

        timer.Change(TimeSpan.FromSeconds(30), Timeout.InfiniteTimeSpan);
        wall.Advance(TimeSpan.FromSeconds(2.9));
        Assert.That(fired, Is.Zero, "the timer moved to its new due time");
        wall.Advance(TimeSpan.FromSeconds(0.1));
        wall.Advance(TimeSpan.FromSeconds(5));

        Assert.That(fired, Is.EqualTo(1));
        Assert.That(clock.PendingTimers, Is.Zero);
    }

    [Test]
    public void ManyTimers_FireInDueOrder_EachOnce()
    {
        var wall = new FakeTimeProvider(Start);
        var clock = new ScaledTimeProvider(100, Start, wall);
        var fired = new List<int>();
        var timers = Enumerable.Range(0, 1000)
            .Select(i => clock.CreateTimer(_ => fired.Add(i), null, TimeSpan.FromMilliseconds(((i * 7919) % 1000) + 1), Timeout.InfiniteTimeSpan))
            .ToList();
        foreach (var disposed in timers.Where((_, i) => i % 10 == 0))
        {
            disposed.Dispose();
        }

        for (var step = 0; step < 20; step++)
        {
            wall.Advance(TimeSpan.FromMilliseconds(1));
        }

        var expected = Enumerable.Range(0, 1000).Where(i => i % 10 != 0).OrderBy(i => (i * 7919) % 1000).ToList();
        Assert.That(fired, Is.EqualTo(expected));
        Assert.That(clock.PendingTimers, Is.Zero);
    }

    [Test]
    public void CreateTimer_TheCallbackRunsInTheCreatorsExecutionContext()
    {
        var wall = new FakeTimeProvider(Start);
        var clock = new ScaledTimeProvider(1, Start, wall);
        var ambient = new AsyncLocal<string?>();
        string? seen = null;
        ambient.Value = "device-7";
        using var timer = clock.CreateTimer(_ => seen = ambient.Value, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        ambient.Value = null;

        wall.Advance(TimeSpan.FromSeconds(1));

        Assert.That(seen, Is.EqualTo("device-7"), "a device's timers keep the network scope it was started in");
    }

    // Not inlined, so no local of the test keeps the state reachable.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static (WeakReference Timer, WeakReference State) DisposedTimer(ScaledTimeProvider clock)
    {
        var state = new object();
        var timer = clock.CreateTimer(_ => Assert.Fail("a disposed timer fired"), state, TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);
        timer.Dispose();
        return (new WeakReference(timer), new WeakReference(state));
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static (ITimer Timer, WeakReference State) DisposedTimerHeld(ScaledTimeProvider clock)
    {
        var state = new object();
        var timer = clock.CreateTimer(_ => Assert.Fail("a disposed timer fired"), state, TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);
        timer.Dispose();
        return (timer, new WeakReference(state));
    }
}
