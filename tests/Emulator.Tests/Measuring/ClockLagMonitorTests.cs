using IgdLab.Emulator.Measuring;
using IgdLab.TestUtilities;
using Microsoft.Extensions.Time.Testing;

namespace IgdLab.Emulator.Tests.Measuring;

public sealed class ClockLagMonitorTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(200);

    [Test]
    public async Task Summary_MeasuresHowLateEachWakeUpWas()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero));
        await using var monitor = new ClockLagMonitor(clock, Tick);
        Assert.That(monitor.Summary(), Is.Null);
        monitor.Start();

        // Three wake-ups on time, then one a machine stalled for 300 ms past its due time.
        TimeSpan[] advances = [Tick, Tick, Tick, Tick + TimeSpan.FromMilliseconds(300)];
        for (var i = 0; i < advances.Length; i++)
        {
            var armed = i + 1;
            await Eventually.HoldsAsync(() => monitor.Armed == armed, $"wake-up {armed} is on the clock");
            clock.Advance(advances[i]);
        }

        await Eventually.HoldsAsync(() => monitor.Summary()?.Count == advances.Length, "every wake-up is measured");
        var lag = monitor.Summary()!;
        Assert.That(lag.P50, Is.EqualTo(TimeSpan.Zero));
        Assert.That(lag.Max, Is.EqualTo(TimeSpan.FromMilliseconds(300)));
    }

    [Test]
    public async Task Stop_KeepsTheMeasuredLagsAndCanBeRepeated()
    {
        var clock = new FakeTimeProvider();
        var monitor = new ClockLagMonitor(clock, Tick);
        monitor.Start();
        await Eventually.HoldsAsync(() => monitor.Armed == 1, "the first wake-up is on the clock");
        clock.Advance(Tick + TimeSpan.FromMilliseconds(50));
        await Eventually.HoldsAsync(() => monitor.Summary() is not null, "the wake-up is measured");

        await monitor.StopAsync();
        await monitor.StopAsync();
        await monitor.DisposeAsync();

        Assert.That(monitor.Summary()!.Max, Is.EqualTo(TimeSpan.FromMilliseconds(50)));
    }
}
