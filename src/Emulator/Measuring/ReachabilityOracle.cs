namespace IgdLab.Emulator.Measuring;

/// <summary>
/// The emulator's own reachability checks, one loop per device on the scenario clock: every
/// <see cref="OracleOptions.SteadyInterval"/> normally, every <see cref="OracleOptions.WatchInterval"/> while the device
/// is under watch — from <see cref="Watch"/> (a fault affected it) or a failed check, until a check succeeds after a
/// failure (or the first check after a watch succeeds: the fault did not break it).
/// </summary>
internal sealed class ReachabilityOracle : IAsyncDisposable
{
    private readonly Func<string, CancellationToken, Task<CheckObservation>> _check;
    private readonly TimeProvider _clock;
    private readonly OracleOptions _options;
    private readonly Action<CheckObservation> _record;
    private readonly Dictionary<string, DeviceLoop> _loops = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _running = [];

    /// <summary>Creates a stopped oracle.</summary>
    /// <param name="devices">The devices to check.</param>
    /// <param name="check">Checks one device now; the observation carries the check's start time.</param>
    /// <param name="clock">The scenario clock.</param>
    /// <param name="options">The cadences.</param>
    /// <param name="record">Receives every observation, in each device's order.</param>
    public ReachabilityOracle(
        IEnumerable<string> devices,
        Func<string, CancellationToken, Task<CheckObservation>> check,
        TimeProvider clock,
        OracleOptions options,
        Action<CheckObservation> record)
    {
        _check = check;
        _clock = clock;
        _options = options;
        _record = record;
        foreach (var device in devices)
        {
            _loops[device] = new DeviceLoop();
        }
    }

    /// <summary>Starts every device's loop (the first checks go out at once).</summary>
    public void Start()
    {
        foreach (var (device, loop) in _loops)
        {
            _running.Add(Task.Run(() => RunAsync(device, loop, _stop.Token)));
        }
    }

    /// <summary>Puts <paramref name="devices"/> under watch and checks them at once.</summary>
    public void Watch(IEnumerable<string> devices)
    {
        foreach (var device in devices)
        {
            if (_loops.TryGetValue(device, out var loop))
            {
                loop.Watch();
            }
        }
    }

    /// <summary>
    /// Keeps <paramref name="devices"/> under watch, checked at once and then every watch interval whatever the checks
    /// find, until the returned hold is disposed: for a fault that breaks them partway through (a reboot wipes the
    /// table some moments after it begins), so a first check that still finds the old mapping does not end the watch.
    /// </summary>
    public IDisposable Hold(IReadOnlyCollection<string> devices)
    {
        var held = devices.Select(d => _loops.GetValueOrDefault(d)).OfType<DeviceLoop>().ToList();
        foreach (var loop in held)
        {
            loop.Hold();
        }

        return new HoldRelease(held);
    }

    /// <summary>Checks every device once more, now, without recording into the loops' state (the end-of-run sweep).</summary>
    /// <returns>The observations, which are also recorded.</returns>
    public async Task<IReadOnlyList<CheckObservation>> SweepAsync(CancellationToken cancellationToken)
    {
        var results = await Task.WhenAll(_loops.Keys.Select(device => _check(device, cancellationToken)));
        foreach (var result in results)
        {
            _record(result);
        }

        return results;
    }

    /// <summary>Stops every loop and waits for checks under way.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Task.WhenAll(_running);
        }
        catch (OperationCanceledException)
        {
            // Stopping is how the loops end.
        }

        _stop.Dispose();
    }

    private async Task RunAsync(string device, DeviceLoop loop, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var watching = loop.TakeWatch(out var wake);
            CheckObservation observation;
            try
            {
                observation = await _check(device, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }

            loop.Observe(observation.Reachable, watching);
            var interval = loop.UnderWatch ? _options.WatchInterval : _options.SteadyInterval;
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, wake);

            // The next tick is on the clock before the observation is out, so whoever reacts to it sees the loop settled.
            var next = Task.Delay(interval, _clock, linked.Token);
            _record(observation);
            try
            {
                await next;
            }
            catch (OperationCanceledException) when (!stop.IsCancellationRequested)
            {
                // Woken by Watch: check at once.
            }
        }
    }

    private sealed class HoldRelease(List<DeviceLoop> loops) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                foreach (var loop in loops)
                {
                    loop.Release();
                }
            }
        }
    }

    // One device's watch state. A watch ends at the first success that follows a failure, or at the first check after
    // the watch began when that check succeeds (the fault did not break the device); never while a hold lasts.
    private sealed class DeviceLoop
    {
        private readonly Lock _gate = new();
        private CancellationTokenSource _wake = new();
        private bool _watchRequested;
        private bool _sawFailure;
        private int _holds;

        public bool UnderWatch { get; private set; }

        public void Hold()
        {
            lock (_gate)
            {
                _holds++;
            }

            Watch();
        }

        public void Release()
        {
            lock (_gate)
            {
                _holds--;
            }
        }

        public void Watch()
        {
            CancellationTokenSource wake;
            lock (_gate)
            {
                _watchRequested = true;
                UnderWatch = true;
                wake = _wake;
                _wake = new CancellationTokenSource();
            }

            // Not disposed: the loop may still be linking to its token.
            wake.Cancel();
        }

        // Whether this check is the first since a watch began, and the token that a later watch cancels.
        public bool TakeWatch(out CancellationToken wake)
        {
            lock (_gate)
            {
                var fresh = _watchRequested;
                _watchRequested = false;
                if (fresh)
                {
                    _sawFailure = false;
                }

                wake = _wake.Token;
                return fresh;
            }
        }

        public void Observe(bool reachable, bool firstAfterWatch)
        {
            lock (_gate)
            {
                if (!reachable)
                {
                    _sawFailure = true;
                    UnderWatch = true;
                }
                else if (_holds > 0)
                {
                    UnderWatch = true;
                }
                else if (_sawFailure || (firstAfterWatch && !_watchRequested))
                {
                    _sawFailure = false;
                    UnderWatch = _watchRequested;
                }
            }
        }
    }
}
