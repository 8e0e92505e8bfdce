using IgdLab.Emulator.Measuring;
using IgdLab.TestUtilities;
using Microsoft.Extensions.Time.Testing;

namespace IgdLab.Emulator.Tests.Measuring;

public sealed class CpuLoadMonitorTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    [Test]
    public async Task Summary_SaysHowBusyTheRunWasOnAverage_AndInItsBusiestWindow()
    {
        // Same seed, different figures: a run whose CPUs were saturated for a second must say so, not only its average.
        var clock = new FakeTimeProvider();
        var counter = new ScriptedCpuCounter();
        await using var monitor = new CpuLoadMonitor(counter, clock, Window);
        monitor.Start();

        // Windows of 100 CPU-time units: 20 % busy, then saturated, then 30 % busy.
        foreach (var busy in new[] { 20, 100, 30 })
        {
            var measured = monitor.Windows;
            counter.Pass(busy, 100);
            clock.Advance(Window);
            await Eventually.HoldsAsync(() => monitor.Windows == measured + 1, "the window is measured");
        }

        var load = monitor.Summary()!;
        Assert.That(load.Average, Is.EqualTo(0.5).Within(1e-9));
        Assert.That(load.Peak, Is.EqualTo(1.0).Within(1e-9));
        Assert.That(load.Scope, Is.EqualTo(CpuScope.Machine));
        Assert.That(load.Cores, Is.EqualTo(Environment.ProcessorCount));
    }

    [Test]
    public async Task Stop_CountsTheLastPartialWindowInTheAverage_AndAShortRunsOnlyWindowAsItsPeak()
    {
        var clock = new FakeTimeProvider();
        var counter = new ScriptedCpuCounter();
        var monitor = new CpuLoadMonitor(counter, clock, Window);
        monitor.Start();
        counter.Pass(90, 100);
        await monitor.StopAsync();
        await monitor.StopAsync();
        await monitor.DisposeAsync();

        var load = monitor.Summary()!;
        Assert.That(load.Average, Is.EqualTo(0.9).Within(1e-9));
        Assert.That(load.Peak, Is.EqualTo(0.9).Within(1e-9));
    }

    [Test]
    public async Task Summary_IsNull_WhenTheCounterCannotBeRead()
    {
        var clock = new FakeTimeProvider();
        await using var monitor = new CpuLoadMonitor(new ScriptedCpuCounter { Readable = false }, clock, Window);
        monitor.Start();
        await monitor.StopAsync();

        Assert.That(monitor.Summary(), Is.Null);
    }

    [Test]
    public void ProcStat_BusyIsEverythingButIdleAndIowait()
    {
        const string stat = "cpu  100 10 50 700 40 5 5 90 30 0\ncpu0 50 5 25 350 20 2 3 45 15 0\nintr 12345\n";

        var times = ProcStatCpuCounter.Parse(stat)!.Value;

        // user+nice+system+irq+softirq+steal = 260; guest (already in user) is not counted twice.
        Assert.That(times.Busy, Is.EqualTo(260));
        Assert.That(times.Total, Is.EqualTo(1000));
    }

    [TestCase("")]
    [TestCase("intr 1 2 3\n")]
    [TestCase("cpu  1 2\n")]
    [TestCase("cpu  1 2 x 4\n")]
    public void ProcStat_WithoutAReadableCpuLine_GivesNoTimes(string stat)
    {
        Assert.That(ProcStatCpuCounter.Parse(stat), Is.Null);
        Assert.That(new ProcStatCpuCounter(() => stat).Read(), Is.Null);
    }

    [Test]
    public void ProcStat_ThatCannotBeOpened_GivesNoTimes()
    {
        var counter = new ProcStatCpuCounter(() => throw new FileNotFoundException("/proc/stat"));

        Assert.That(counter.Read(), Is.Null);
    }

    private sealed class ScriptedCpuCounter : ICpuCounter
    {
        private double _busy;
        private double _total;

        public bool Readable { get; init; } = true;

        public CpuScope Scope => CpuScope.Machine;

        public void Pass(double busy, double total)
        {
            Interlocked.Exchange(ref _busy, Volatile.Read(ref _busy) + busy);
            Interlocked.Exchange(ref _total, Volatile.Read(ref _total) + total);
        }

        public CpuTimes? Read() => Readable ? new CpuTimes(Volatile.Read(ref _busy), Volatile.Read(ref _total)) : null;
    }
}
