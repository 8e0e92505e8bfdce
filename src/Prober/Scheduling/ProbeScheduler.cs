namespace IgdLab.Prober.Scheduling;

/// <summary>
/// Probes every device once per interval at its own phase, with a bounded number in flight. One due-time queue and
/// one timer serve all devices (no timer per device; it wakes on a grid of at most 5 ms, taking every probe due by
/// then), and everything runs on the injected <see cref="TimeProvider"/>:
/// the timer callback starts the due probes itself, so <c>FakeTimeProvider.Advance</c> drives the schedule directly.
/// A probe that is still running when its next slot comes skips that slot; cadence follows the phase grid, not the
/// end of the previous probe, so slow probes do not make a device drift.
/// </summary>
internal sealed class ProbeScheduler : IDisposable
{
    private static readonly TimeSpan MaxResolution = TimeSpan.FromMilliseconds(5);

    private readonly TimeSpan _interval;
    private readonly TimeSpan _resolution;
    private readonly int _maxInFlight;
    private readonly int _seed;
    private readonly TimeProvider _time;
    private readonly Func<string, Task> _probe;
    private readonly Lock _gate = new();
    private readonly PriorityQueue<ScheduledDevice, long> _queue = new();
    private readonly Dictionary<string, ScheduledDevice> _devices = new(StringComparer.Ordinal);
    private readonly ITimer _timer;
    private readonly long _started;
    private int _inFlight;
    private bool _pumping;
    private bool _stopped;

    /// <summary>Creates a running scheduler that calls <paramref name="probe"/> with a device id whenever one is due.</summary>
    public ProbeScheduler(TimeSpan interval, int maxInFlight, int seed, TimeProvider time, Func<string, Task> probe)
    {
        _interval = interval;
        _resolution = TimeSpan.FromTicks(Math.Max(1, Math.Min(MaxResolution.Ticks, interval.Ticks / 100)));
        _maxInFlight = maxInFlight;
        _seed = seed;
        _time = time;
        _probe = probe;
        _started = time.GetTimestamp();
        _timer = time.CreateTimer(_ => Pump(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Probes in flight now.</summary>
    public int InFlight
    {
        get
        {
            lock (_gate)
            {
                return _inFlight;
            }
        }
    }

    /// <summary>Devices on the schedule.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _devices.Count;
            }
        }
    }

    /// <summary>Puts a device on the schedule (at its next phase slot); no-op when it is already there.</summary>
    public void Add(string deviceId)
    {
        lock (_gate)
        {
            if (_devices.ContainsKey(deviceId) || _stopped)
            {
                return;
            }

            var device = new ScheduledDevice(deviceId, ProbePhase.Of(deviceId, _seed, _interval));
            _devices.Add(deviceId, device);
            Enqueue(device, NextSlotAfter(device, Now()));
        }

        Pump();
    }

    /// <summary>Takes a device off the schedule.</summary>
    public void Remove(string deviceId)
    {
        lock (_gate)
        {
            if (_devices.Remove(deviceId, out var device))
            {
                device.Removed = true;
            }
        }
    }

    /// <summary>Probes a device at once (or right after its running probe); its regular slots continue.</summary>
    public void ProbeNow(string deviceId)
    {
        lock (_gate)
        {
            if (!_devices.TryGetValue(deviceId, out var device))
            {
                return;
            }

            if (device.InFlight)
            {
                device.ProbeAgain = true;
                return;
            }

            Enqueue(device, Now());
        }

        Pump();
    }

    /// <summary>Stops starting probes; running ones finish on their own.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _stopped = true;
            _queue.Clear();
        }

        _timer.Dispose();
    }

    /// <summary>Starts every due probe that fits, then arms the timer for the next due one. Re-entrant calls fold into the running one.</summary>
    private void Pump()
    {
        lock (_gate)
        {
            if (_pumping)
            {
                // The running pump takes whatever this caller changed: it only stops after an empty look under the lock.
                return;
            }

            _pumping = true;
        }

        var batch = new List<string>();
        while (true)
        {
            batch.Clear();
            lock (_gate)
            {
                TakeDue(batch);
                if (batch.Count == 0)
                {
                    Arm();
                    _pumping = false;
                    return;
                }
            }

            foreach (var deviceId in batch)
            {
                _ = RunAsync(deviceId);
            }
        }
    }

    private void TakeDue(List<string> batch)
    {
        if (_stopped)
        {
            return;
        }

        var now = Now();
        while (_inFlight < _maxInFlight && _queue.TryPeek(out var device, out var due))
        {
            if (device.Removed || due != device.NextDue)
            {
                _queue.Dequeue();
                continue;
            }

            if (due > now)
            {
                break;
            }

            _queue.Dequeue();
            Enqueue(device, NextSlotAfter(device, now));
            if (device.InFlight)
            {
                // Still busy from its previous slot: skip this one rather than pile up.
                continue;
            }

            device.InFlight = true;
            _inFlight++;
            batch.Add(device.DeviceId);
        }
    }

    private void Arm()
    {
        if (_stopped)
        {
            return;
        }

        // When every slot is busy, the next finishing probe pumps; no timer is needed meanwhile.
        var next = long.MaxValue;
        if (_inFlight < _maxInFlight)
        {
            while (_queue.TryPeek(out var device, out var due) && (device.Removed || due != device.NextDue))
            {
                _queue.Dequeue();
            }

            if (_queue.TryPeek(out _, out var nextDue))
            {
                next = nextDue;
            }
        }

        if (next == long.MaxValue)
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        // Wake on a coarse grid: 1 000 spread devices would otherwise mean 1 000 wake-ups a second, each costing a
        // thread hand-off; one wake-up per tick takes every probe due by then.
        var tick = _resolution.Ticks;
        var wake = (next + tick - 1) / tick * tick;
        _timer.Change(TimeSpan.FromTicks(Math.Max(0, wake - Now())), Timeout.InfiniteTimeSpan);
    }

    private async Task RunAsync(string deviceId)
    {
        try
        {
            await _probe(deviceId);
        }
        catch (Exception)
        {
            // The probe callback handles its own failures; a throw here must not stop the schedule.
        }
        finally
        {
            Finished(deviceId);
        }
    }

    private void Finished(string deviceId)
    {
        lock (_gate)
        {
            _inFlight--;
            if (_devices.TryGetValue(deviceId, out var device))
            {
                device.InFlight = false;
                if (device.ProbeAgain)
                {
                    device.ProbeAgain = false;
                    Enqueue(device, Now());
                }
            }
        }

        Pump();
    }

    private void Enqueue(ScheduledDevice device, long due)
    {
        device.NextDue = due;
        _queue.Enqueue(device, due);
    }

    /// <summary>The device's first phase slot strictly after <paramref name="now"/>.</summary>
    private long NextSlotAfter(ScheduledDevice device, long now)
    {
        var first = device.Phase.Ticks;
        if (now < first)
        {
            return first;
        }

        var periods = ((now - first) / _interval.Ticks) + 1;
        return first + (periods * _interval.Ticks);
    }

    /// <summary>Monotonic time since the scheduler started, in <see cref="TimeSpan"/> ticks: the phase grid's axis.</summary>
    private long Now() => _time.GetElapsedTime(_started).Ticks;
}
