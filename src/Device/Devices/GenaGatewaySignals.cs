using System.Net;
using IgdLab.Device.Upnp.Gena;

namespace IgdLab.Device.Devices;

/// <summary>
/// <see cref="IGatewaySignals"/> from a <see cref="GenaSubscriber"/> subscribed to the router's WANIPConnection events;
/// BOOTID changes are fed in by whoever watches SSDP (<see cref="ReportBootId"/>). A subscription the router lost for
/// good (it was down when renewal came due) is re-established every <see cref="ResubscribeInterval"/> until it works.
/// </summary>
public sealed class GenaGatewaySignals : IGatewaySignals, IAsyncDisposable
{
    /// <summary>How often a lost subscription is tried again.</summary>
    public static readonly TimeSpan ResubscribeInterval = TimeSpan.FromSeconds(30);

    private readonly GenaSubscriber _subscriber;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly Dictionary<Uri, (ITimer Timer, TimeSpan Timeout)> _retrying = [];
    private readonly Dictionary<Uri, TimeSpan> _requested = [];
    private string? _bootId;

    /// <summary>Creates signals from a subscriber bound to <paramref name="localAddress"/>.</summary>
    public GenaGatewaySignals(IPAddress localAddress, TimeProvider? timeProvider = null)
    {
        _time = timeProvider ?? TimeProvider.System;
        _subscriber = new GenaSubscriber(localAddress, _time);
        _subscriber.ExternalAddressChanged += a => ExternalAddressChanged?.Invoke(a);
        _subscriber.ConnectionStatusChanged += s => ConnectionStatusChanged?.Invoke(s);
        _subscriber.SubscriptionLost += OnSubscriptionLost;
    }

    /// <summary>Subscriptions alive now.</summary>
    public int ActiveSubscriptions => _subscriber.Subscriptions.Count;

    /// <summary>Lost subscriptions waiting for their next re-subscribe attempt.</summary>
    public int PendingResubscriptions
    {
        get
        {
            lock (_lock)
            {
                return _retrying.Count;
            }
        }
    }

    /// <inheritdoc />
    public event Action<string>? ExternalAddressChanged;

    /// <inheritdoc />
    public event Action<string>? ConnectionStatusChanged;

    /// <inheritdoc />
    public event Action<string>? BootIdChanged;

    /// <summary>Subscribes to the router's event URL.</summary>
    /// <param name="eventUrl">The WANIPConnection service's eventSubURL.</param>
    /// <param name="timeout">The subscription timeout to ask for (renewed at half).</param>
    /// <param name="cancellationToken">Cancels the SUBSCRIBE.</param>
    public Task SubscribeAsync(Uri eventUrl, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _requested[eventUrl] = timeout;
        }

        return _subscriber.SubscribeAsync(eventUrl, timeout, cancellationToken);
    }

    /// <summary>
    /// The router's service moved (it rebooted onto a new HTTP port): stops retrying <paramref name="from"/> and
    /// subscribes to <paramref name="to"/>; a failure there is retried like a lost subscription.
    /// </summary>
    public async Task MoveSubscriptionAsync(Uri from, Uri to, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        lock (_lock)
        {
            _requested.Remove(from);
            if (_retrying.Remove(from, out var retry))
            {
                retry.Timer.Dispose();
            }
        }

        try
        {
            await SubscribeAsync(to, timeout);
        }
        catch (GenaException)
        {
            OnSubscriptionLost(to);
        }
    }

    /// <summary>Reports the BOOTID.UPNP.ORG last seen in SSDP; a value other than the previous one raises <see cref="BootIdChanged"/>.</summary>
    public void ReportBootId(string bootId)
    {
        ArgumentNullException.ThrowIfNull(bootId);
        string? previous;
        lock (_lock)
        {
            previous = _bootId;
            _bootId = bootId;
        }

        if (previous is not null && !string.Equals(previous, bootId, StringComparison.Ordinal))
        {
            BootIdChanged?.Invoke(bootId);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            foreach (var (timer, _) in _retrying.Values)
            {
                timer.Dispose();
            }

            _retrying.Clear();
        }

        return _subscriber.DisposeAsync();
    }

    private void OnSubscriptionLost(Uri eventUrl)
    {
        lock (_lock)
        {
            if (_retrying.ContainsKey(eventUrl) || !_requested.TryGetValue(eventUrl, out var timeout))
            {
                return;
            }

            var timer = _time.CreateTimer(_ => _ = RetryAsync(eventUrl), null, ResubscribeInterval, ResubscribeInterval);
            _retrying[eventUrl] = (timer, timeout);
        }
    }

    private async Task RetryAsync(Uri eventUrl)
    {
        TimeSpan timeout;
        lock (_lock)
        {
            if (!_retrying.TryGetValue(eventUrl, out var retry))
            {
                return;
            }

            timeout = retry.Timeout;
        }

        try
        {
            await _subscriber.SubscribeAsync(eventUrl, timeout);
        }
        catch (GenaException)
        {
            return; // still down: the timer tries again
        }

        lock (_lock)
        {
            if (_retrying.Remove(eventUrl, out var done))
            {
                done.Timer.Dispose();
            }
        }
    }
}
