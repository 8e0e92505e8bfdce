using System.Data.Common;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace IgdLab.Prober.Cluster;

/// <summary>
/// Keeps one prober instance in step with the others on a shared PostgreSQL registry: renews its lease every quarter
/// lease, claims devices no live instance owns until it holds its share (the registry's devices over the live
/// instances, rounded up) and releases what it holds beyond it, so that a dead instance's devices are taken over
/// within a lease and a quarter of its last heartbeat and a joining instance gets its share; and carries the messages
/// between instances. Everything it does with the database runs on one work loop, in order: a message that arrives
/// while devices are being claimed is handled after they are.
/// </summary>
internal sealed partial class ClusterCoordinator : IAsyncDisposable
{
    private readonly PostgresClusterStore _store;
    private readonly IClusterMember _member;
    private readonly string _name;
    private readonly TimeSpan _lease;
    private readonly TimeProvider _time;
    private long _beats;
    private readonly ILogger _logger;
    private readonly ClusterBus _bus;
    // Blocking, not a channel: the loop's thread wakes on the producer's signal, not on a thread-pool continuation.
    private readonly BlockingCollection<Action> _work = [];
    private ITimer? _heartbeat;
    private Task? _loop;
    private DateTimeOffset _leaseUntil;
    private bool _owning;
    private int _tickQueued;
    private bool _failing;
    private int _stopped;

    public ClusterCoordinator(NpgsqlDataSource source, IClusterMember member, string name, TimeSpan lease, TimeProvider time, ILogger logger)
    {
        _store = new PostgresClusterStore(source, $"{name}-{Guid.NewGuid().ToString("N")[..8]}");
        _member = member;
        _name = name;
        _lease = lease;
        _time = time;
        _logger = logger;
        _bus = new ClusterBus(source, message => Post(() => _member.Received(message)), () => Post(_member.Resync), time, logger);
    }

    /// <summary>This instance's id in the registry (its name and a random suffix).</summary>
    public string InstanceId => _store.InstanceId;

    /// <summary>The store, for work posted to the loop.</summary>
    public PostgresClusterStore Store => _store;

    /// <summary>Listens for messages, joins and claims this instance's first share before returning, then keeps the lease.</summary>
    public void Start()
    {
        _bus.Start();
        var now = _time.GetUtcNow();
        _store.Join(_name, now, now + _lease);
        _leaseUntil = now + _lease;
        _owning = true;
        Heartbeat();
        if (_time != TimeProvider.System)
        {
            // A clock of its own (a scenario's, a test's) fires its own timers; the system clock's heartbeats are kept
            // by the loop's thread (RunLoop), which a busy thread pool cannot hold up.
            _heartbeat = _time.CreateTimer(_ => QueueHeartbeat(), null, Period, Period);
        }

        // A thread of its own: the loop blocks on the database, and heartbeats that waited for a thread-pool thread
        // were held up past a lease while the pool was busy (a test run saw an instance lose its lease so).
        _loop = Task.Factory.StartNew(RunLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Runs <paramref name="work"/> on the loop, after everything posted before it.</summary>
    public void Post(Action work) => TryAdd(work);

    /// <summary>Runs <paramref name="work"/> on the loop; false when it failed on the database or the loop has stopped.</summary>
    public Task<bool> RunAsync(Action<PostgresClusterStore> work)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!TryAdd(() =>
        {
            try
            {
                work(_store);
                done.TrySetResult(true);
            }
            catch
            {
                done.TrySetResult(false);
                throw;
            }
        }))
        {
            done.TrySetResult(false);
        }

        return done.Task;
    }

    /// <summary>Sends <paramref name="message"/> to the instances (from the loop); true once the database took it.</summary>
    public Task<bool> PublishAsync(ClusterMessage message) => RunAsync(store => store.Publish(message.ToPayload()));

    /// <summary>
    /// Stops the heartbeat, the loop and the listening without a word to the registry: what a killed process leaves
    /// behind, the lease running out and the devices taken over by the others. <see cref="Leave"/> after it is a clean stop.
    /// </summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        _heartbeat?.Dispose();
        lock (_work)
        {
            _work.CompleteAdding();
        }

        if (_loop is { } loop)
        {
            await loop;
        }

        await _bus.DisposeAsync();
    }

    /// <summary>Releases every device and channel of this instance and ends its lease (after <see cref="StopAsync"/>).</summary>
    public void Leave()
    {
        try
        {
            _store.Leave();
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException)
        {
            LogFailed(ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _work.Dispose();
    }

    private void QueueHeartbeat()
    {
        if (Interlocked.Exchange(ref _tickQueued, 1) == 0)
        {
            Post(() =>
            {
                Volatile.Write(ref _tickQueued, 0);
                Heartbeat();
            });
        }
    }

    private void Heartbeat()
    {
        var now = _time.GetUtcNow();
        if (_owning && now >= _leaseUntil)
        {
            // The lease ran out before it could be renewed (the database out of reach, the process held up): another
            // instance may own these devices now, so probing them would make two owners.
            _owning = false;
            _member.LostOwnership();
            LogLeaseLost(_lease.TotalMilliseconds);
        }

        var beat = _store.Renew(now, now + _lease);
        if (!beat.Renewed)
        {
            if (_owning)
            {
                _owning = false;
                _member.LostOwnership();
                LogLeaseLost(_lease.TotalMilliseconds);
            }

            _store.ReleaseAll();
            _store.Join(_name, now, now + _lease);
            beat = _store.Renew(now, now + _lease);
        }

        _leaseUntil = now + _lease;
        _owning = true;
        if (beat.Owned < _member.OwnedCount)
        {
            // Fewer rows name this instance than it probes: another instance owns some of them. Claims are kept apart
            // so that this does not happen; if it ever does, two owners would probe and instruct one device (a claim
            // race did so once, until the stale owner restarted), so the registry's word wins within a heartbeat.
            var lost = _member.OwnedElsewhere(_store.OwnedIds());
            if (lost.Count > 0)
            {
                LogOwnedElsewhere(lost.Count, string.Join(", ", lost.Take(5)));
            }
        }

        var live = beat.LiveInstances.ToHashSet(StringComparer.Ordinal);
        live.Add(InstanceId);
        _member.InstancesLive(live);

        // Once a lease, the owned devices' channels as the registry has them: a safety net for an attach or detach
        // message that crossed a claim (a three-instance scenario under load once left a device's owner without its
        // channel for the whole set-up minute).
        if (++_beats % 4 == 0)
        {
            _member.Resync();
        }

        var share = (beat.Devices + live.Count - 1) / live.Count;
        var owned = _member.OwnedCount;
        if (owned < share)
        {
            var claimed = _store.Claim(share - owned, now);
            if (claimed.Count > 0)
            {
                _member.Claimed(claimed, live);
                LogClaimed(claimed.Count, _member.OwnedCount, beat.Devices, live.Count);
            }
        }
        else if (owned > share)
        {
            var released = _member.Release(owned - share);
            _store.Release(released);
            LogReleased(released.Count, _member.OwnedCount, beat.Devices, live.Count);
        }
    }

    private bool TryAdd(Action work)
    {
        lock (_work)
        {
            return !_work.IsAddingCompleted && _work.TryAdd(work);
        }
    }

    private TimeSpan Period => _lease / 4;

    private void RunLoop()
    {
        var ownBeat = _heartbeat is null;
        var nextBeat = _time.GetUtcNow() + Period;
        while (true)
        {
            Action? work;
            var wait = ownBeat && !_work.IsAddingCompleted ? nextBeat - _time.GetUtcNow() : Timeout.InfiniteTimeSpan;
            if (ownBeat && wait <= TimeSpan.Zero && !_work.IsAddingCompleted)
            {
                // Between work items too, so that a stream of messages cannot hold the lease's renewal back.
                nextBeat = _time.GetUtcNow() + Period;
                work = Heartbeat;
            }
            else if (!_work.TryTake(out work, wait))
            {
                if (_work.IsCompleted)
                {
                    return;
                }

                continue;
            }

            try
            {
                work();
                if (_failing)
                {
                    _failing = false;
                    LogBack();
                }
            }
            catch (Exception ex) when (ex is DbException or InvalidOperationException or TimeoutException)
            {
                // Once per outage: a database out of reach fails every heartbeat, four times a lease.
                if (!_failing)
                {
                    _failing = true;
                    LogFailed(ex);
                }
                else
                {
                    LogStillFailing(ex.Message);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "This instance's lease of {LeaseMs} ms ran out before it was renewed; it stopped probing its devices and claims anew")]
    private partial void LogLeaseLost(double leaseMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The registry no longer names this instance the owner of {Count} devices it probed (first: {Some}), another instance does or the device is gone; it stopped probing them")]
    private partial void LogOwnedElsewhere(int count, string some);

    [LoggerMessage(Level = LogLevel.Information, Message = "Claimed {Count} devices: probes {Owned} of {Devices}; live instances: {Instances}")]
    private partial void LogClaimed(int count, int owned, int devices, int instances);

    [LoggerMessage(Level = LogLevel.Information, Message = "Released {Count} devices to balance: probes {Owned} of {Devices}; live instances: {Instances}")]
    private partial void LogReleased(int count, int owned, int devices, int instances);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not work with the shared registry; further failures are logged at debug level until it answers again")]
    private partial void LogFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The shared registry still fails: {Reason}")]
    private partial void LogStillFailing(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The shared registry answers again")]
    private partial void LogBack();
}
