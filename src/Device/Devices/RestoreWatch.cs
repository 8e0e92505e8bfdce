using IgdLab.Device.Upnp.Soap;

namespace IgdLab.Device.Devices;

/// <summary>
/// Restores a device's mapping the moment its gateway answers again, instead of waiting for the server's next
/// instruction (which the server holds back while it backs off after failed remaps). The device holds the mapping
/// intent, so it is the one to notice the router's return. One state machine per device (<see cref="RestoreWatchState"/>):
/// <list type="bullet">
/// <item><b>Idle → Watching</b>: a map or remap failed (<see cref="Begin"/>).</item>
/// <item><b>Watching</b>: every <see cref="RestoreWatchOptions.Interval"/> (seeded jitter) the gateway is asked once
/// whether it answers (<see cref="IGatewayPresence"/>, one unicast SSDP search that listens up to
/// <see cref="RestoreWatchOptions.AnswerTimeout"/>, so asks overlap and a slow router is heard too);
/// <see cref="Nudge"/> (a new BOOTID, a GENA event) asks at once instead of at the next tick.</item>
/// <item><b>Watching → Remapping</b>: the gateway answered; one remap runs (delete, add). Without a presence source the
/// remap itself is the question.</item>
/// <item><b>Remapping → Idle</b>: the remap succeeded; the session reports it like any other result (the probe unit
/// sends it to the server). <b>Remapping → Watching</b>: it failed too — the router answers discovery but refuses the
/// action (a 501 burst) — so the action itself is retried at the watch's pace.</item>
/// <item><b>→ Idle</b> from any state: any successful mapping (an instruction's, another strategy's) ends the watch.</item>
/// <item><b>→ GaveUp</b>: the outage outlasted <see cref="RestoreWatchOptions.MaxDuration"/> or used
/// <see cref="RestoreWatchOptions.MaxAttempts"/> remaps; only instructions remap until a mapping succeeds again, which
/// returns the watch to Idle with a fresh budget.</item>
/// </list>
/// Timing comes from the injected clock and the jitter from a seed; remaps go through the session, one at a time
/// with the instructions' remaps, so a remap that completes while another waits stands for both.
/// </summary>
internal sealed class RestoreWatch : IAsyncDisposable
{
    private readonly MappingSession _session;
    private readonly IGatewayPresence? _presence;
    private readonly RestoreWatchOptions _options;
    private readonly TimeProvider _time;
    private readonly JitteredInterval _waits;
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private CancellationTokenSource _wake = new();
    private RestoreWatchState _state = RestoreWatchState.Idle;
    private bool _nudged;
    private bool _disposed;
    private Task _loop = Task.CompletedTask;
    private long _polls;
    private long _attempts;
    private long _lastAnswer;

    /// <summary>Creates an idle watch over <paramref name="session"/>.</summary>
    /// <param name="session">The mapping to restore.</param>
    /// <param name="presence">Asks whether the gateway answers; null makes every tick a remap attempt.</param>
    /// <param name="options">Interval, jitter, budget and seed.</param>
    /// <param name="seed">The jitter's seed when <paramref name="options"/> names none.</param>
    /// <param name="time">The clock of the ticks and of each ask's deadline.</param>
    public RestoreWatch(MappingSession session, IGatewayPresence? presence, RestoreWatchOptions options, int seed, TimeProvider time)
    {
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"invalid RestoreWatchOptions: {string.Join("; ", problems)}", nameof(options));
        }

        _session = session;
        _presence = presence;
        _options = options;
        _time = time;
        _waits = new JitteredInterval(options.Interval, options.Jitter, options.Seed ?? seed);
        _session.MappingChanged += OnMapped;
    }

    /// <summary>Where the watch stands.</summary>
    public RestoreWatchState State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    /// <summary>Whether an outage is being watched (<see cref="RestoreWatchState.Watching"/> or <see cref="RestoreWatchState.Remapping"/>).</summary>
    public bool IsWatching => State is RestoreWatchState.Watching or RestoreWatchState.Remapping;

    /// <summary>How many times the gateway was asked whether it answers (over every outage).</summary>
    public long Polls => Interlocked.Read(ref _polls);

    /// <summary>How many remaps the watch tried (over every outage).</summary>
    public long Attempts => Interlocked.Read(ref _attempts);

    /// <summary>
    /// A map or remap failed: starts watching, unless an outage is already watched, its budget is spent, or a mapping
    /// succeeded since <paramref name="successfulMapsBefore"/> (the session's count before the failed operation).
    /// </summary>
    public void Begin(long successfulMapsBefore)
    {
        lock (_lock)
        {
            if (_disposed || _state != RestoreWatchState.Idle || _session.SuccessfulMaps != successfulMapsBefore)
            {
                return;
            }

            _state = RestoreWatchState.Watching;
            _nudged = false;
            _loop = Task.Run(() => WatchAsync(successfulMapsBefore, _stop.Token));
        }
    }

    /// <summary>The gateway signalled something (a new BOOTID, a GENA event): while watching, ask it now rather than at the next tick.</summary>
    public void Nudge()
    {
        CancellationTokenSource wake;
        lock (_lock)
        {
            if (!IsWatchingLocked)
            {
                return;
            }

            _nudged = true;
            wake = _wake;
            _wake = new CancellationTokenSource();
        }

        wake.Cancel();
    }

    /// <summary>
    /// Whether the gateway answers, for an instruction that arrives while the watch runs: yes when one of the watch's
    /// asks was answered within the last <see cref="RestoreWatchOptions.AnswerTimeout"/>, else one ask of its own that
    /// waits at most one interval, so that a silent router never holds the session (and the watch's remap) for long.
    /// True without a presence source.
    /// </summary>
    public Task<bool> GatewayAnswersAsync(CancellationToken cancellationToken)
    {
        var last = Interlocked.Read(ref _lastAnswer);
        return last != 0 && _time.GetElapsedTime(last) <= _options.AnswerTimeout
            ? Task.FromResult(true)
            : AskAsync(_options.Interval, cancellationToken);
    }

    // Asks the gateway once, listening at most `window`; true without a presence source.
    private async Task<bool> AskAsync(TimeSpan window, CancellationToken cancellationToken)
    {
        if (_presence is null)
        {
            return true;
        }

        Interlocked.Increment(ref _polls);
        using var deadline = new CancellationTokenSource(window, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            var answered = await _presence.AnswersAsync(linked.Token);
            if (answered)
            {
                Interlocked.Exchange(ref _lastAnswer, _time.GetTimestamp());
            }

            return answered;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Stops watching and waits for the work in flight.</summary>
    public async ValueTask DisposeAsync()
    {
        Task loop;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            loop = _loop;
        }

        _session.MappingChanged -= OnMapped;
        await _stop.CancelAsync();
        await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private bool IsWatchingLocked => _state is RestoreWatchState.Watching or RestoreWatchState.Remapping;

    private async Task WatchAsync(long successfulMapsBefore, CancellationToken stop)
    {
        var began = _time.GetTimestamp();
        var attempts = 0;
        var wait = _waits.Next();
        var asks = new List<Task<bool>>();
        try
        {
            while (true)
            {
                await WaitAsync(wait, stop);
                var tick = _time.GetTimestamp();
                if (_session.SuccessfulMaps != successfulMapsBefore)
                {
                    End(RestoreWatchState.Idle, successfulMapsBefore);
                    return;
                }

                if (_time.GetElapsedTime(began) >= _options.MaxDuration)
                {
                    End(RestoreWatchState.GaveUp, successfulMapsBefore);
                    return;
                }

                if (await AnyAskAnsweredAsync(asks, stop))
                {
                    asks.Clear();
                    if (attempts >= _options.MaxAttempts)
                    {
                        End(RestoreWatchState.GaveUp, successfulMapsBefore);
                        return;
                    }

                    attempts++;
                    Interlocked.Increment(ref _attempts);
                    SetState(RestoreWatchState.Remapping);
                    if (await _session.TryRemapAsync(stop))
                    {
                        End(RestoreWatchState.Idle, successfulMapsBefore);
                        return;
                    }

                    SetState(RestoreWatchState.Watching);
                }

                // Ticks keep their cadence: the ask's own wait (up to one interval) counts towards the next one.
                var left = _waits.Next() - _time.GetElapsedTime(tick);
                wait = left > TimeSpan.Zero ? left : TimeSpan.Zero;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // disposed
        }
    }

    // Sends one more ask (unless enough listen already) and waits up to one interval for any ask to be answered; the
    // asks that are not answered yet keep listening into the next ticks, up to their own timeout.
    private async Task<bool> AnyAskAnsweredAsync(List<Task<bool>> asks, CancellationToken stop)
    {
        asks.RemoveAll(a => a.IsCompleted && !(a.IsCompletedSuccessfully && a.Result));
        if (asks.Count < RestoreWatchDefaults.MaxAsksInFlight)
        {
            asks.Add(AskAsync(_options.AnswerTimeout, stop));
        }

        using var window = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var deadline = Task.Delay(_options.Interval, _time, window.Token);
        try
        {
            while (true)
            {
                if (asks.Any(a => a.IsCompletedSuccessfully && a.Result))
                {
                    return true;
                }

                var pending = asks.Where(a => !a.IsCompleted).ToList();
                if (pending.Count == 0 || deadline.IsCompleted)
                {
                    stop.ThrowIfCancellationRequested();
                    return false;
                }

                await Task.WhenAny([deadline, .. pending]);
            }
        }
        finally
        {
            await window.CancelAsync();
        }
    }

    // Waits for the next tick; a nudge (now or since the last wait) ends the wait at once.
    private async Task WaitAsync(TimeSpan wait, CancellationToken stop)
    {
        CancellationToken wake;
        lock (_lock)
        {
            if (_nudged)
            {
                _nudged = false;
                return;
            }

            wake = _wake.Token;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, wake);
        try
        {
            await Task.Delay(wait, _time, linked.Token);
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            lock (_lock)
            {
                _nudged = false;
            }
        }
    }

    private void SetState(RestoreWatchState state)
    {
        lock (_lock)
        {
            _state = state;
        }
    }

    private void End(RestoreWatchState state, long successfulMapsBefore)
    {
        lock (_lock)
        {
            // A mapping that succeeded since the last tick ended the outage, whatever the loop saw: the budget renews.
            _state = state == RestoreWatchState.GaveUp && _session.SuccessfulMaps != successfulMapsBefore ? RestoreWatchState.Idle : state;
        }
    }

    private void OnMapped(MappingResult result)
    {
        lock (_lock)
        {
            if (_state == RestoreWatchState.GaveUp)
            {
                _state = RestoreWatchState.Idle;
            }
        }

        // A watching loop sees the new count at its next tick; wake it so it ends now.
        Nudge();
    }
}
