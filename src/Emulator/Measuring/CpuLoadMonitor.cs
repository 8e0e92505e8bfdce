using IgdLab.Emulator.Reports;

namespace IgdLab.Emulator.Measuring;

/// <summary>
/// Measures how busy the CPUs were while a run played: the busy share over the whole run and over its busiest
/// window. A run's timings vary with the machine (the same seed gave 334, 992, 720 and 373 ms on one busy machine);
/// when the CPUs were saturated, every probe, check and remap waited for a core as well as for the network, and the
/// figures measured the machine as much as the method.
/// </summary>
internal sealed class CpuLoadMonitor : RunMonitor
{
    private readonly ICpuCounter _counter;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private CpuTimes? _first;
    private CpuTimes? _last;
    private double? _peak;
    private int _windows;

    /// <summary>Creates a stopped monitor.</summary>
    /// <param name="counter">Where the CPU times come from.</param>
    /// <param name="clock">The clock the windows are measured on.</param>
    /// <param name="window">How long each window is, on <paramref name="clock"/>.</param>
    public CpuLoadMonitor(ICpuCounter counter, TimeProvider clock, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(counter);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        _counter = counter;
        _clock = clock;
        Window = window;
    }

    /// <summary>How long each window is.</summary>
    public TimeSpan Window { get; }

    /// <summary>How many windows have been measured (lets a test advance a fake clock in step).</summary>
    internal int Windows => Volatile.Read(ref _windows);

    /// <summary>Takes the first reading and starts the window timer (so no window's end is missed).</summary>
    protected override Func<CancellationToken, Task> Begin()
    {
        lock (_gate)
        {
            _first = _last = _counter.Read();
        }

        var timer = new PeriodicTimer(Window, _clock);
        return stop => RunAsync(timer, stop);
    }

    /// <summary>The load measured so far; null when the counter could not be read or no CPU time passed.</summary>
    public CpuLoad? Summary()
    {
        lock (_gate)
        {
            if (_first is not { } first || _last is not { } last || last.BusyShareSince(first) is not { } average)
            {
                return null;
            }

            return new CpuLoad(average, _peak ?? average, _counter.Scope, Environment.ProcessorCount);
        }
    }

    /// <summary>Closes the last (partial) window.</summary>
    protected override void Stopped() => Measure(closingPartialWindow: true);

    private async Task RunAsync(PeriodicTimer timer, CancellationToken stop)
    {
        using var owned = timer;
        while (await timer.WaitForNextTickAsync(stop))
        {
            Measure(closingPartialWindow: false);
        }
    }

    private void Measure(bool closingPartialWindow)
    {
        var now = _counter.Read();
        lock (_gate)
        {
            if (now is { } reading && _last is { } previous)
            {
                // A partial last window only counts toward the peak when no full window was measured.
                if (reading.BusyShareSince(previous) is { } share && (!closingPartialWindow || _windows == 0))
                {
                    _peak = Math.Max(_peak ?? 0, share);
                }

                _last = reading;
            }

            Interlocked.Increment(ref _windows);
        }
    }
}
