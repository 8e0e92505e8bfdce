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
/// <para>
/// Timers are kept in one queue ordered by their scenario due instant, under one wall timer armed for the earliest:
/// a world of 100,000 devices holds hundreds of thousands of them (every probe's deadline, every lease, every retry),
/// and the runtime's own timer queue walks all of its timers a few times a second, which with one wall timer each
/// took an eighth of the CPU of a 30,000-device world. A timer the queue holds is also what a change of scale
/// moves: only the wall timer is re-armed. The queue is a binary heap in which every timer knows its place, so a
/// changed timer moves and a disposed one leaves at once: most timers are a probe's deadline, disposed a millisecond
/// after they were made, and an entry left behind until its due instant (10 s for a device's wait for a hello) kept
/// each of them alive into the oldest generation of the heap (a 100,000-device world was then paused by the collector
/// for a quarter of its wall time). Callbacks run on the thread pool in the execution context of the timer's creator, as
/// the system clock's timers do; on a wall clock other than the system's (a test's fake clock) they run in the wall
/// timer's callback, one after another, so that they have run when the fake clock's <c>Advance</c> returns.
/// </para>
/// </remarks>
public sealed class ScaledTimeProvider : TimeProvider
{
    private readonly TimeProvider _wall;
    private readonly bool _onThreadPool;
    private readonly Lock _gate = new();

    // Every armed timer, a binary heap on its due instant in scenario timestamp ticks (ScaledTimer.Due); each timer
    // keeps its own index (ScaledTimer.Slot), so that it can be moved or taken out where it is.
    private ScaledTimer[] _heap = new ScaledTimer[64];
    private int _count;
    private readonly ITimer _wake;
    private long _wakeAt = long.MaxValue;

    // Read without the lock: every probe, check and log line asks the time, and a lock here was the most contended one
    // in a 2,000-device world. ChangeScale replaces it whole (under the lock).
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
        _onThreadPool = ReferenceEquals(_wall, System);
        var now = _wall.GetTimestamp();
        _rate = new Rate(now, now, scale);
        _origin = now;
        _start = start ?? _wall.GetUtcNow();
        _wake = _wall.CreateTimer(static clock => ((ScaledTimeProvider)clock!).Wake(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
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
                return _count;
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
    /// Runs the clock at <paramref name="scale"/> from now on. Time stays continuous, and every pending timer still
    /// fires at the same scenario instant as before.
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
            ArmLocked(now);
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
        var timer = new ScaledTimer(this, callback, state, ExecutionContext.Capture());
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

    /// <summary>Puts <paramref name="timer"/> in the queue at <paramref name="due"/> and wakes earlier if it is the first.</summary>
    private void EnqueueLocked(ScaledTimer timer, long due)
    {
        InsertLocked(timer, due);
        if (due < _wakeAt)
        {
            ArmLocked(NowLocked());
        }
    }

    private void InsertLocked(ScaledTimer timer, long due)
    {
        timer.Due = due;
        if (_count == _heap.Length)
        {
            Array.Resize(ref _heap, _count * 2);
        }

        _heap[_count] = timer;
        timer.Slot = _count;
        _count++;
        SiftUpLocked(timer.Slot);
    }

    /// <summary>
    /// Takes <paramref name="timer"/> out of the queue, if it is there. The wall timer stays armed: should the timer
    /// have been the first, the clock wakes for nothing once and re-arms, which costs less than re-arming at every
    /// disposal of a probe's deadline.
    /// </summary>
    private void DequeueLocked(ScaledTimer timer)
    {
        var slot = timer.Slot;
        if (slot < 0)
        {
            return;
        }

        timer.Slot = -1;
        _count--;
        var last = _heap[_count];
        _heap[_count] = null!;
        if (slot == _count)
        {
            return;
        }

        _heap[slot] = last;
        last.Slot = slot;
        if (!SiftUpLocked(slot))
        {
            SiftDownLocked(slot);
        }
    }

    // True when the timer at slot moved up.
    private bool SiftUpLocked(int slot)
    {
        var timer = _heap[slot];
        var start = slot;
        while (slot > 0)
        {
            var parent = (slot - 1) / 2;
            if (_heap[parent].Due <= timer.Due)
            {
                break;
            }

            Place(_heap[parent], slot);
            slot = parent;
        }

        Place(timer, slot);
        return slot != start;
    }

    private void SiftDownLocked(int slot)
    {
        var timer = _heap[slot];
        while (true)
        {
            var child = (2 * slot) + 1;
            if (child >= _count)
            {
                break;
            }

            if (child + 1 < _count && _heap[child + 1].Due < _heap[child].Due)
            {
                child++;
            }

            if (timer.Due <= _heap[child].Due)
            {
                break;
            }

            Place(_heap[child], slot);
            slot = child;
        }

        Place(timer, slot);
    }

    private void Place(ScaledTimer timer, int slot)
    {
        _heap[slot] = timer;
        timer.Slot = slot;
    }

    /// <summary>
    /// Arms the wall timer for the first timer of the queue. The wall delay is rounded up, so that the clock never
    /// wakes early, and on the system clock to whole milliseconds, the resolution of its timers: a shorter delay would
    /// be a wake-up per timer instead of one per millisecond for all that are due.
    /// </summary>
    private void ArmLocked(long now)
    {
        if (_count == 0)
        {
            _wakeAt = long.MaxValue;
            _wake.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var first = _heap[0].Due;
        _wakeAt = first;
        var wallTicks = Math.Ceiling(Math.Max(0, first - now) / _rate.Scale);
        var wall = (long)Math.Ceiling(wallTicks * TimeSpan.TicksPerSecond / _wall.TimestampFrequency);
        if (_onThreadPool && wall > 0)
        {
            wall = (wall + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond;
        }

        _wake.Change(TimeSpan.FromTicks(wall), Timeout.InfiniteTimeSpan);
    }

    // The wall timer fired: take every timer due by now off the queue (a periodic one goes back at its next tick, to
    // fire at most once a wake, so that a long jump of a fake clock catches up one tick at a time) and run them.
    private void Wake()
    {
        List<ScaledTimer>? due = null;
        lock (_gate)
        {
            var now = NowLocked();
            List<(ScaledTimer Timer, long Due)>? next = null;
            while (_count > 0 && _heap[0].Due <= now)
            {
                var timer = _heap[0];
                DequeueLocked(timer);
                (due ??= []).Add(timer);
                if (timer.FiredLocked() is { } nextDue)
                {
                    (next ??= []).Add((timer, nextDue));
                }
            }

            foreach (var (timer, at) in next ?? [])
            {
                InsertLocked(timer, at);
            }

            ArmLocked(now);
        }

        foreach (var timer in due ?? [])
        {
            if (_onThreadPool)
            {
                ThreadPool.UnsafeQueueUserWorkItem(timer, preferLocal: false);
            }
            else
            {
                timer.Execute();
            }
        }
    }

    // Scenario time = ScenarioAnchor + (wall − WallAnchor) × Scale, in timestamp ticks of the wall clock.
    private sealed record Rate(long WallAnchor, long ScenarioAnchor, double Scale)
    {
        public long ScenarioAt(long wall) => ScenarioAnchor + (long)((wall - WallAnchor) * Scale);
    }

    // A timer whose due instant is kept in scenario time, in its clock's queue.
    private sealed class ScaledTimer(ScaledTimeProvider clock, TimerCallback callback, object? state, ExecutionContext? context) : ITimer, IThreadPoolWorkItem
    {
        // Let go at Dispose, so that a disposed timer someone still holds does not keep what its callback reaches.
        private TimerCallback? _callback = callback;
        private object? _state = state;
        private TimeSpan _period = Timeout.InfiniteTimeSpan;
        private bool _disposed;

        /// <summary>The scenario instant the timer is due at, while it is queued.</summary>
        public long Due { get; set; }

        /// <summary>The timer's index in its clock's heap; -1 when it is not queued.</summary>
        public int Slot { get; set; } = -1;

        public void StartLocked(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            clock.DequeueLocked(this);
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                clock.EnqueueLocked(this, clock.NowLocked() + clock.ToTicks(dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime));
            }
        }

        /// <summary>
        /// The queue took this timer off, due at <see cref="Due"/>: the next tick's due instant for a periodic timer
        /// (counted from this one's, so a late callback does not shift the rest), or null (done until changed).
        /// </summary>
        public long? FiredLocked() =>
            _period == Timeout.InfiniteTimeSpan || _period <= TimeSpan.Zero ? null : Due + clock.ToTicks(_period);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._gate)
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
            lock (clock._gate)
            {
                clock.DequeueLocked(this);
                _disposed = true;
                // The callback first: Run reads them the other way round, so it never calls it with a cleared state.
                Volatile.Write(ref _callback, null);
                Volatile.Write(ref _state, null);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        public void Execute()
        {
            if (context is null)
            {
                Run();
            }
            else
            {
                ExecutionContext.Run(context, static timer => ((ScaledTimer)timer!).Run(), this);
            }
        }

        // Disposed after it fell due, it calls nothing: a runtime timer may call back once more then, this one need not.
        private void Run()
        {
            var state = Volatile.Read(ref _state);
            if (Volatile.Read(ref _callback) is { } callback)
            {
                try
                {
                    callback(state);
                }
                catch (ObjectDisposedException) when (Volatile.Read(ref _disposed))
                {
                    // Disposed between the read above and the call, with what the callback reaches (a token source
                    // disposed with its timer): the call came too late to matter. Thrown on a pool thread, it ended
                    // the process (seen twice: a CI main job and a test host, both while prober instances died).
                }
            }
        }
    }
}
