using IgdLab.Device.Upnp.Soap;

namespace IgdLab.Device.Devices;

/// <summary>
/// A policy for keeping one device's mapping alive on the injected clock. <see cref="StartAsync"/> maps once (a failure
/// is reported, not thrown) and then starts the strategy's triggers; <see cref="DisposeAsync"/> stops every timer and
/// waits for running work. Strategies that share a <see cref="MappingSession"/> combine (see <see cref="CompositeStrategy"/>).
/// </summary>
public abstract class MappingStrategy : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<ITimer> _timers = [];
    private readonly List<Task> _running = [];
    private readonly Lock _lock = new();
    private bool _started;
    private bool _disposed;

    /// <summary>Creates a strategy over <paramref name="session"/> on <paramref name="timeProvider"/>.</summary>
    protected MappingStrategy(MappingSession session, TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(session);
        Session = session;
        Time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Every mapping result of the session (see <see cref="MappingSession.MappingChanged"/>).</summary>
    public event Action<MappingResult>? MappingChanged
    {
        add => Session.MappingChanged += value;
        remove => Session.MappingChanged -= value;
    }

    /// <summary>Every failure of the session (see <see cref="MappingSession.MappingFailed"/>).</summary>
    public event Action<Exception>? MappingFailed
    {
        add => Session.MappingFailed += value;
        remove => Session.MappingFailed -= value;
    }

    /// <summary>The session this strategy keeps.</summary>
    public MappingSession Session { get; }

    /// <summary>The current mapping result, or null.</summary>
    public MappingResult? Current => Session.Current;

    /// <summary>The strategy's clock.</summary>
    protected TimeProvider Time { get; }

    /// <summary>Cancelled when the strategy is disposed.</summary>
    protected CancellationToken Stopping => _stop.Token;

    /// <summary>Maps once (unless the session already holds a mapping) and starts the triggers.</summary>
    /// <returns>True when a mapping exists afterwards; false when the initial map failed (the triggers retry it).</returns>
    public async Task<bool> StartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var mapped = await Session.EnsureMappedAsync(cancellationToken);
        lock (_lock)
        {
            if (!_started)
            {
                _started = true;
                StartTriggers();
            }
        }

        return mapped;
    }

    /// <summary>
    /// Whether this strategy is the one that answers the server's remap instructions (the watchdog). A composite hands
    /// an instruction to its first part that takes them.
    /// </summary>
    public virtual bool TakesInstructions => false;

    /// <summary>
    /// Answers a remap instruction from the server: deletes and adds the mapping again. A strategy that does not take
    /// instructions answers with a plain remap of its session.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    /// <returns>The new mapping (also reported to the session's observers).</returns>
    /// <remarks>A failure is thrown to the caller, and reported through <see cref="MappingFailed"/> too.</remarks>
    public virtual Task<MappingResult> OnRemapInstructionAsync(CancellationToken cancellationToken = default) => Session.RemapAsync(cancellationToken);

    /// <summary>Stops every timer and waits for the work in flight.</summary>
    public async ValueTask DisposeAsync()
    {
        Task[] running;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var timer in _timers)
            {
                timer.Dispose();
            }

            _timers.Clear();
            running = [.. _running];
        }

        await _stop.CancelAsync();
        await Task.WhenAll(running).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await DisposeCoreAsync();
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Starts the strategy's timers and subscriptions; called once, after the initial map.</summary>
    protected internal abstract void StartTriggers();

    /// <summary>Releases what the strategy holds beyond its timers.</summary>
    protected virtual ValueTask DisposeCoreAsync() => ValueTask.CompletedTask;

    /// <summary>
    /// Runs <paramref name="work"/> every <paramref name="period"/>. Ticks never overlap: a tick that comes while the
    /// previous one still runs is run right after it (at most one is kept waiting).
    /// </summary>
    protected void Every(TimeSpan period, Func<CancellationToken, Task> work)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        var state = 0; // 0 idle, 1 running, 2 running with one more tick due
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _timers.Add(Time.CreateTimer(
                _ =>
                {
                    while (true)
                    {
                        var seen = Volatile.Read(ref state);
                        if (seen == 2)
                        {
                            return;
                        }

                        if (Interlocked.CompareExchange(ref state, seen + 1, seen) == seen)
                        {
                            if (seen == 0)
                            {
                                Run(async ct =>
                                {
                                    do
                                    {
                                        await work(ct);
                                    }
                                    while (Interlocked.Decrement(ref state) > 0);
                                });
                            }

                            return;
                        }
                    }
                },
                null,
                period,
                period));
        }
    }

    /// <summary>Runs <paramref name="work"/> once after <paramref name="delay"/>.</summary>
    protected void After(TimeSpan delay, Func<CancellationToken, Task> work)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            ITimer? timer = null;
            timer = Time.CreateTimer(
                _ =>
                {
                    lock (_lock)
                    {
                        if (timer is not null)
                        {
                            _timers.Remove(timer);
                            timer.Dispose();
                        }
                    }

                    Run(work);
                },
                null,
                Timeout.InfiniteTimeSpan,
                Timeout.InfiniteTimeSpan);
            _timers.Add(timer);
            timer.Change(delay, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Runs <paramref name="work"/> now in the background, tracked so that disposal waits for it; exceptions are swallowed.</summary>
    /// <returns>The running work.</returns>
    protected Task Run(Func<CancellationToken, Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (_lock)
        {
            if (_disposed)
            {
                return Task.CompletedTask;
            }

            var task = RunGuardedAsync(work);
            _running.Add(task);
            _ = task.ContinueWith(
                t =>
                {
                    lock (_lock)
                    {
                        _running.Remove(t);
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            return task;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> now in the background, tracked so that disposal waits for it, and hands its result
    /// (or its failure) to the caller.
    /// </summary>
    /// <returns>The work's result; an <see cref="InvalidOperationException"/> when the strategy is stopping.</returns>
    protected Task<T> Run<T>(Func<CancellationToken, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var answer = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = Run(async ct =>
        {
            try
            {
                answer.TrySetResult(await work(ct));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                answer.TrySetException(ex);
            }
        });

        // Stopping (or stopped): the work was cancelled or never ran.
        _ = running.ContinueWith(
            _ => answer.TrySetException(new InvalidOperationException("the device is stopping")),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return answer.Task;
    }

    private async Task RunGuardedAsync(Func<CancellationToken, Task> work)
    {
        await Task.Yield();
        try
        {
            await work(_stop.Token);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // stopping
        }
    }
}
