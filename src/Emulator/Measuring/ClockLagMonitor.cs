using IgdLab.Emulator.Reports;

namespace IgdLab.Emulator.Measuring;

/// <summary>
/// Measures how late the scenario clock's timers fire while a run plays: a timer due every
/// <see cref="Tick"/> records how far past its due time it woke, in scenario time. An idle machine wakes within a
/// millisecond or two of wall time; an overloaded one (too many worlds at once, a starved thread pool) wakes late,
/// and every probe, check and remap of the run is late with it. The figure tells a reader whether a latency measured
/// the method or the machine.
/// </summary>
internal sealed class ClockLagMonitor : RunMonitor
{
    private readonly TimeProvider _clock;
    private readonly List<TimeSpan> _lags = [];
    private readonly Lock _gate = new();
    private int _armed;

    /// <summary>Creates a stopped monitor.</summary>
    /// <param name="clock">The scenario clock.</param>
    /// <param name="tick">How often to wake, in scenario time.</param>
    public ClockLagMonitor(TimeProvider clock, TimeSpan tick)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(tick, TimeSpan.Zero);
        _clock = clock;
        Tick = tick;
    }

    /// <summary>How many wake-ups have been put on the clock so far (lets a test advance a fake clock in step).</summary>
    internal int Armed => Volatile.Read(ref _armed);

    /// <summary>How often the monitor wakes, in scenario time.</summary>
    public TimeSpan Tick { get; }

    /// <summary>The lateness of every wake-up so far; null before the first.</summary>
    public LatencySummary? Summary()
    {
        lock (_gate)
        {
            return LatencySummary.Of(_lags);
        }
    }

    /// <inheritdoc/>
    protected override Func<CancellationToken, Task> Begin() => RunAsync;

    private async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var due = _clock.GetUtcNow() + Tick;
            var wake = Task.Delay(Tick, _clock, stop);
            Interlocked.Increment(ref _armed);
            await wake;
            var late = _clock.GetUtcNow() - due;
            lock (_gate)
            {
                _lags.Add(late > TimeSpan.Zero ? late : TimeSpan.Zero);
            }
        }
    }
}
