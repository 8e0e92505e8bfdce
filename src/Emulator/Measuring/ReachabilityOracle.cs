using IgdLab.Contracts;

namespace IgdLab.Emulator.Measuring;

/// <summary>
/// The emulator's own reachability checks, one loop per device on the scenario clock: every
/// <see cref="OracleOptions.SteadyInterval"/> normally, every <see cref="OracleOptions.WatchInterval"/> while the device
/// is under watch — from <see cref="Watch"/> (a fault affected it) or a failed check, until a check succeeds after a
/// failure (or the first check after a watch succeeds: the fault did not break it). The devices' first checks are
/// spread over one steady interval, and at most <see cref="MaxChecksInFlight"/> checks run at once: a world of 10,000
/// devices would otherwise open 10,000 connections in the same instant, every interval, and run out of descriptors.
/// A check's observation carries the time it started, after any wait for a slot, so waiting never counts as outage.
/// </summary>
internal sealed class ReachabilityOracle : IAsyncDisposable
{
    /// <summary>The most checks under way at once (each holds two sockets while it runs).</summary>
    public const int MaxChecksInFlight = 256;

    private readonly SemaphoreSlim _slots = new(MaxChecksInFlight);
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

    /// <summary>Starts every device's loop; the first device checks at once, the others spread over one steady interval.</summary>
    public void Start()
    {
        // Each first check is due at an instant fixed now, and a watch from now on wakes it, however late the thread
        // pool gets to run its loop.
        var started = _clock.GetUtcNow();
        var index = 0;
        foreach (var (device, loop) in _loops)
        {
            var firstCheck = started + (_options.SteadyInterval * index++ / _loops.Count);
            var wake = loop.WakeToken;
            _running.Add(Task.Run(() => RunAsync(device, loop, firstCheck, wake, _stop.Token)));
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

    /// <summary>
    /// Checks every device once more, now, without recording into the loops' state (the end-of-run sweep). A check that
    /// got no answer in time is made once more after the others: on a loaded machine one lost answer is not an outage,
    /// while a refusal or a wrong device is.
    /// </summary>
    /// <returns>Each device's last observation; every observation is also recorded.</returns>
    public async Task<IReadOnlyList<CheckObservation>> SweepAsync(CancellationToken cancellationToken)
    {
        var results = await Task.WhenAll(_loops.Keys.Select(device => CheckAsync(device, cancellationToken)));
        foreach (var result in results)
        {
            _record(result);
        }

        var unanswered = results.Where(r => !r.Reachable && r.Outcome == ProbeOutcome.Timeout).Select(r => r.Device).ToHashSet(StringComparer.Ordinal);
        if (unanswered.Count == 0)
        {
            return results;
        }

        var again = await Task.WhenAll(unanswered.Select(device => CheckAsync(device, cancellationToken)));
        foreach (var result in again)
        {
            _record(result);
        }

        var last = again.ToDictionary(r => r.Device, StringComparer.Ordinal);
        return [.. results.Select(r => last.GetValueOrDefault(r.Device, r))];
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
        _slots.Dispose();
    }

    private async Task<CheckObservation> CheckAsync(string device, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        try
        {
            return await _check(device, cancellationToken);
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task RunAsync(string device, DeviceLoop loop, DateTimeOffset firstCheck, CancellationToken firstWake, CancellationToken stop)
    {
        var untilFirst = firstCheck - _clock.GetUtcNow();
        if (untilFirst > TimeSpan.Zero && !await WaitAsync(untilFirst, firstWake, stop))
        {
            return;
        }

        while (!stop.IsCancellationRequested)
        {
            var watching = loop.TakeWatch(out var wake);
            CheckObservation observation;
            try
            {
                observation = await CheckAsync(device, stop);
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

    /// <summary>Waits <paramref name="delay"/> on the scenario clock or until woken; false when the oracle stops.</summary>
    private async Task<bool> WaitAsync(TimeSpan delay, CancellationToken wake, CancellationToken stop)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, wake);
        try
        {
            await Task.Delay(delay, _clock, linked.Token);
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            // Woken by a watch: check at once.
        }

        return !stop.IsCancellationRequested;
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

        // The token the next watch cancels.
        public CancellationToken WakeToken
        {
            get
            {
                lock (_gate)
                {
                    return _wake.Token;
                }
            }
        }

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
