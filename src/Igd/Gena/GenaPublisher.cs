using System.Collections.Concurrent;
using System.Net;
using IgdLab.Contracts.InProcess;
using Microsoft.Extensions.Logging;

namespace IgdLab.Igd.Gena;

/// <summary>
/// The gateway's GENA event publisher: accepts SUBSCRIBE/UNSUBSCRIBE for registered services and delivers NOTIFYs
/// from the gateway's LAN address, one ordered queue and sender loop per subscription so a slow subscriber delays
/// only itself. Subscriptions lapse by the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed partial class GenaPublisher : IAsyncDisposable
{
    /// <summary>How long one NOTIFY attempt may take before the next callback URL is tried.</summary>
    public static readonly TimeSpan DefaultNotifyTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Events a subscription may have waiting; beyond this the oldest is dropped (and counted as a failure).</summary>
    public const int QueueCapacity = 1024;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, GenaService> _services = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GenaSubscription> _subscriptions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<GenaSubscription, Task> _senders = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IPAddress _lanAddress;
    private readonly string _serverHeader;
    private readonly TimeSpan _notifyTimeout;
    private readonly bool _fullSet;
    private readonly HttpClient _http;
    private readonly ITimer _expiryTimer;
    private long _notificationsSent;
    private long _notificationFailures;
    private bool _disposed;

    /// <summary>Creates a publisher whose NOTIFYs leave from <paramref name="lanAddress"/>.</summary>
    /// <param name="time">The clock for expiry and NOTIFY timeouts.</param>
    /// <param name="logger">Where subscriptions and delivery failures are logged.</param>
    /// <param name="lanAddress">The gateway's LAN address; every NOTIFY socket is bound to it.</param>
    /// <param name="serverHeader">The SERVER header of SUBSCRIBE replies, e.g. <c>Linux/5.4 UPnP/1.1 MiniUPnPd/2.3</c>.</param>
    /// <param name="notifyTimeout">The limit per NOTIFY attempt; <see cref="DefaultNotifyTimeout"/> when omitted.</param>
    /// <param name="fullSet">Whether every NOTIFY carries every evented variable (miniupnpd), not only the changed ones.</param>
    /// <param name="network">The in-process network whose callback servers get their NOTIFYs in memory; null sends every one over the kernel.</param>
    public GenaPublisher(TimeProvider time, ILogger logger, IPAddress lanAddress, string serverHeader, TimeSpan? notifyTimeout = null, bool fullSet = false, IInProcessNetwork? network = null)
    {
        _fullSet = fullSet;
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(lanAddress);
        ArgumentNullException.ThrowIfNull(serverHeader);
        _time = time;
        _logger = logger;
        _lanAddress = lanAddress;
        _serverHeader = serverHeader;
        _notifyTimeout = notifyTimeout ?? DefaultNotifyTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_notifyTimeout, TimeSpan.Zero, nameof(notifyTimeout));
        _http = CreateNotifyClient(lanAddress, network);
        _expiryTimer = time.CreateTimer(_ => ExpireDue(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>How many subscriptions are live (not yet expired).</summary>
    public int SubscriptionCount
    {
        get
        {
            var now = _time.GetUtcNow();
            lock (_gate)
            {
                return _subscriptions.Values.Count(s => s.ExpiresAt > now);
            }
        }
    }

    /// <summary>NOTIFYs that a subscriber acknowledged with 2xx.</summary>
    public long NotificationsSent => Interlocked.Read(ref _notificationsSent);

    /// <summary>Events that reached no callback URL, or were dropped from a full queue.</summary>
    public long NotificationFailures => Interlocked.Read(ref _notificationFailures);

    /// <summary>Makes <paramref name="eventPath"/> subscribable; <paramref name="currentVariables"/> feeds the initial event.</summary>
    /// <exception cref="ArgumentException">The path is already registered.</exception>
    public void RegisterService(string eventPath, Func<IReadOnlyList<KeyValuePair<string, string>>> currentVariables)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventPath);
        ArgumentNullException.ThrowIfNull(currentVariables);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_services.TryAdd(eventPath, new GenaService(eventPath, currentVariables)))
            {
                throw new ArgumentException($"The event path '{eventPath}' is already registered.", nameof(eventPath));
            }
        }
    }

    /// <summary>
    /// Makes <paramref name="eventPath"/> a second subscription URL of the service at <paramref name="sameAs"/>: its
    /// subscribers hear what is published there (WANPPPConnection and WANIPConnection over one table).
    /// </summary>
    /// <exception cref="ArgumentException">The path is taken or <paramref name="sameAs"/> is not registered.</exception>
    public void RegisterAlias(string eventPath, string sameAs)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventPath);
        ArgumentException.ThrowIfNullOrEmpty(sameAs);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_services.TryGetValue(sameAs, out var service))
            {
                throw new ArgumentException($"The event path '{sameAs}' is not registered.", nameof(sameAs));
            }

            if (!_services.TryAdd(eventPath, service))
            {
                throw new ArgumentException($"The event path '{eventPath}' is already registered.", nameof(eventPath));
            }
        }
    }

    /// <summary>
    /// Queues one NOTIFY carrying <paramref name="changed"/> for every live subscriber of <paramref name="eventPath"/>.
    /// Never blocks and never throws for delivery problems, so callers may hold their own locks.
    /// </summary>
    public void Publish(string eventPath, IReadOnlyList<KeyValuePair<string, string>> changed)
    {
        ArgumentNullException.ThrowIfNull(eventPath);
        ArgumentNullException.ThrowIfNull(changed);
        if (changed.Count == 0)
        {
            return;
        }

        var now = _time.GetUtcNow();
        GenaService? service;
        lock (_gate)
        {
            service = _services.GetValueOrDefault(eventPath);
        }

        // The full set is read outside the lock: the reader belongs to the gateway and may take its own locks.
        var body = GenaPropertySet.Build(_fullSet && service is not null ? FullSet(service, changed) : changed);
        lock (_gate)
        {
            foreach (var subscription in _subscriptions.Values)
            {
                // The expiry timer may not have run yet; a lapsed subscription must not hear anything more.
                if (subscription.ExpiresAt > now && string.Equals(subscription.Service.EventPath, eventPath, StringComparison.Ordinal))
                {
                    subscription.Enqueue(body);
                }
            }
        }
    }

    // Every evented variable as it stands, with the values just published taking precedence.
    private static List<KeyValuePair<string, string>> FullSet(GenaService service, IReadOnlyList<KeyValuePair<string, string>> changed)
    {
        var values = service.CurrentVariables().ToList();
        foreach (var (name, value) in changed)
        {
            var at = values.FindIndex(v => string.Equals(v.Key, name, StringComparison.Ordinal));
            if (at >= 0)
            {
                values[at] = KeyValuePair.Create(name, value);
            }
            else
            {
                values.Add(KeyValuePair.Create(name, value));
            }
        }

        return values;
    }

    /// <summary>Forgets every subscription, as a router reboot does; services stay registered.</summary>
    public void Clear()
    {
        List<GenaSubscription> dropped;
        lock (_gate)
        {
            dropped = [.. _subscriptions.Values];
            _subscriptions.Clear();
            ScheduleExpiryLocked(_time.GetUtcNow());
        }

        foreach (var subscription in dropped)
        {
            subscription.Stop();
        }

        if (dropped.Count > 0)
        {
            LogCleared(dropped.Count);
        }
    }

    /// <summary>Stops every sender loop and releases the HTTP client.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        Clear();
        await _expiryTimer.DisposeAsync();
        await Task.WhenAll(_senders.Values);
        _http.Dispose();
    }

    private void ExpireDue()
    {
        var now = _time.GetUtcNow();
        List<GenaSubscription> expired;
        lock (_gate)
        {
            expired = [.. _subscriptions.Values.Where(s => s.ExpiresAt <= now)];
            foreach (var subscription in expired)
            {
                _subscriptions.Remove(subscription.Sid);
            }

            ScheduleExpiryLocked(now);
        }

        foreach (var subscription in expired)
        {
            subscription.Stop();
            LogExpired(subscription.Sid, subscription.Service.EventPath);
        }
    }

    private void ScheduleExpiryLocked(DateTimeOffset now)
    {
        if (_disposed)
        {
            return;
        }

        if (_subscriptions.Count == 0)
        {
            _expiryTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var due = _subscriptions.Values.Min(s => s.ExpiresAt) - now;
        _expiryTimer.Change(due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
    }
}
