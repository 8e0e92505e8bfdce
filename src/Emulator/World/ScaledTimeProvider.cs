namespace IgdLab.Emulator.World;

/// <summary>
/// Scenario time: a clock that runs <see cref="Scale"/> times faster than the wall clock beneath it, so that with a
/// scale of 60 a ten-minute scenario plays in ten wall seconds. Every component of a world takes this clock; timers
/// fire after their due time divided by the scale, and timestamps and <see cref="GetUtcNow"/> advance scaled. Real
/// work (a TCP handshake, a SOAP round trip) takes the same wall time at any scale, so it appears
/// <see cref="Scale"/> times longer in scenario time: latencies measured on a fast clock are honest upper bounds.
/// </summary>
/// <remarks>
/// The scale can change while the clock runs (<see cref="ChangeScale"/>): the emulator sets a world up at scale 1 and
/// plays the scenario at its own scale, so that set-up work, whose wall time depends on the machine, does not age the
/// world's leases and timers by that wall time times the scale. A change keeps time continuous and moves every pending
/// timer so that it still fires at its due instant in scenario time.
/// </remarks>
public sealed class ScaledTimeProvider : TimeProvider
{
    private readonly TimeProvider _wall;
    private readonly Lock _gate = new();
    private readonly HashSet<ScaledTimer> _timers = [];

    // Read without the lock: every probe, check and log line asks the time, and a lock here was the most contended one
    // in a 2,000-device world. ChangeScale replaces it whole (under the lock, with the timers).
    private Rate _rate;
    private readonly DateTimeOffset _start;
    private readonly long _origin;

    /// <summary>Creates a clock starting at <paramref name="start"/> that runs <paramref name="scale"/> times faster than <paramref name="wall"/>.</summary>
    /// <param name="scale">Scenario seconds per wall second, above 0.</param>
    /// <param name="start">The scenario's start instant; null is the wall clock's now.</param>
    /// <param name="wall">The clock beneath; null is the system clock.</param>
    public ScaledTimeProvider(double scale, DateTimeOffset? start = null, TimeProvider? wall = null)
    {
        CheckScale(scale);
        _wall = wall ?? System;
        var now = _wall.GetTimestamp();
        _rate = new Rate(now, now, scale);
        _origin = now;
        _start = start ?? _wall.GetUtcNow();
    }

    /// <summary>Scenario seconds per wall second.</summary>
    public double Scale => Volatile.Read(ref _rate).Scale;

    /// <summary>How many timers are pending (due at some instant); fired one-shot and disposed timers are not.</summary>
    internal int PendingTimers
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count;
            }
        }
    }

    /// <inheritdoc />
    public override long TimestampFrequency => _wall.TimestampFrequency;

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => _wall.LocalTimeZone;

    /// <inheritdoc />
    public override long GetTimestamp()
    {
        var rate = Volatile.Read(ref _rate);
        return rate.ScenarioAt(_wall.GetTimestamp());
    }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => _start + ToTimeSpan(GetTimestamp() - _origin);

    /// <summary>
    /// Runs the clock at <paramref name="scale"/> from now on. Time stays continuous, and every pending timer is moved
    /// so that it fires at the same scenario instant as before.
    /// </summary>
    /// <param name="scale">Scenario seconds per wall second, above 0.</param>
    public void ChangeScale(double scale)
    {
        CheckScale(scale);
        lock (_gate)
        {
            var wall = _wall.GetTimestamp();
            var now = _rate.ScenarioAt(wall);
            Volatile.Write(ref _rate, new Rate(wall, now, scale));
            foreach (var timer in _timers)
            {
                timer.RearmLocked(now);
            }
        }
    }

    /// <summary>The wall time that <paramref name="scenarioTime"/> takes on this clock at its current scale.</summary>
    public TimeSpan ToWall(TimeSpan scenarioTime)
    {
        lock (_gate)
        {
            return ToWallLocked(scenarioTime);
        }
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new ScaledTimer(this, callback, state);
        lock (_gate)
        {
            timer.StartLocked(dueTime, period);
        }

        return timer;
    }

    private static void CheckScale(double scale)
    {
        if (!double.IsFinite(scale) || scale <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "the time scale must be a finite number above 0");
        }
    }

    private long NowLocked() => _rate.ScenarioAt(_wall.GetTimestamp());

    private TimeSpan ToTimeSpan(long ticks) => TimeSpan.FromSeconds((double)ticks / _wall.TimestampFrequency);

    // Clamped far below long.MaxValue, so that a due time of years still adds to a timestamp without overflowing.
    private long ToTicks(TimeSpan span) => (long)Math.Min(span.TotalSeconds * _wall.TimestampFrequency, long.MaxValue / 4);

    private TimeSpan ToWallLocked(TimeSpan scenarioTime) =>
        scenarioTime == Timeout.InfiniteTimeSpan || scenarioTime <= TimeSpan.Zero
            ? scenarioTime
            : TimeSpan.FromTicks(Math.Max(1, (long)(scenarioTime.Ticks / _rate.Scale)));

    // Scenario time = ScenarioAnchor + (wall − WallAnchor) × Scale, in timestamp ticks of the wall clock.
    private sealed record Rate(long WallAnchor, long ScenarioAnchor, double Scale)
    {
        public long ScenarioAt(long wall) => ScenarioAnchor + (long)((wall - WallAnchor) * Scale);
    }

    // A timer on the wall clock whose due instant is kept in scenario time, so that a change of scale can move it.
    private sealed class ScaledTimer : ITimer
    {
        private readonly ScaledTimeProvider _clock;
        private readonly TimerCallback _callback;
        private readonly object? _state;
        private readonly ITimer _inner;
        private long? _due;
        private TimeSpan _period = Timeout.InfiniteTimeSpan;
        private bool _disposed;

        public ScaledTimer(ScaledTimeProvider clock, TimerCallback callback, object? state)
        {
            _clock = clock;
            _callback = callback;
            _state = state;
            _inner = clock._wall.CreateTimer(static s => ((ScaledTimer)s!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        public void StartLocked(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            _due = dueTime == Timeout.InfiniteTimeSpan ? null : _clock.NowLocked() + _clock.ToTicks(dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime);
            if (_due is null)
            {
                _clock._timers.Remove(this);
            }
            else
            {
                _clock._timers.Add(this);
            }

            _inner.Change(_clock.ToWallLocked(dueTime), Timeout.InfiniteTimeSpan);
        }

        public void RearmLocked(long now)
        {
            if (_disposed || _due is not { } due)
            {
                return;
            }

            var remaining = _clock.ToTimeSpan(Math.Max(0, due - now));
            _inner.Change(_clock.ToWallLocked(remaining), Timeout.InfiniteTimeSpan);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_clock._gate)
            {
                if (_disposed)
                {
                    return false;
                }

                StartLocked(dueTime, period);
                return true;
            }
        }

        public void Dispose()
        {
            lock (_clock._gate)
            {
                _disposed = true;
                _due = null;
                _clock._timers.Remove(this);
            }

            _inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        // The wall timer fired: run the callback, and put a periodic timer's next tick on the clock (one-shot wall
        // timers throughout, so a change of scale never has to reason about a wall period).
        private void Fire()
        {
            lock (_clock._gate)
            {
                if (_disposed)
                {
                    return;
                }

                if (_period == Timeout.InfiniteTimeSpan || _period <= TimeSpan.Zero || _due is not { } due)
                {
                    // Done until changed: out of the set, so that timers nobody disposes do not pile up.
                    _due = null;
                    _clock._timers.Remove(this);
                }
                else
                {
                    // The next tick counts from this one's due instant, so a late callback does not shift the rest.
                    _due = due + _clock.ToTicks(_period);
                    RearmLocked(_clock.NowLocked());
                }
            }

            _callback(_state);
        }
    }
}
