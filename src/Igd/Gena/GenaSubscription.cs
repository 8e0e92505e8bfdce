using System.Threading.Channels;

namespace IgdLab.Igd.Gena;

/// <summary>
/// One GENA subscription: its SID, callbacks, expiry, and the queue that its single sender loop drains in order.
/// <see cref="Enqueue"/> and <see cref="ExpiresAt"/> are guarded by the publisher's lock.
/// </summary>
internal sealed class GenaSubscription : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Channel<GenaNotification> _queue;
    private readonly CancellationTokenSource _stop = new();
    private uint _lastSequence = GenaSequence.Initial;
    private bool _disposed;

    public GenaSubscription(
        string sid,
        GenaService service,
        IReadOnlyList<Uri> callbacks,
        DateTimeOffset expiresAt,
        int queueCapacity,
        Action<GenaNotification> dropped)
    {
        Sid = sid;
        Service = service;
        Callbacks = callbacks;
        ExpiresAt = expiresAt;
        Stopping = _stop.Token;
        _queue = Channel.CreateBounded(
            new BoundedChannelOptions(queueCapacity)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = true,
            },
            dropped);
    }

    /// <summary>The subscription id, <c>uuid:…</c>.</summary>
    public string Sid { get; }

    /// <summary>The service subscribed to.</summary>
    public GenaService Service { get; }

    /// <summary>The delivery URLs, tried in order.</summary>
    public IReadOnlyList<Uri> Callbacks { get; }

    /// <summary>When the subscription lapses unless renewed.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>Cancelled when the subscription ends (unsubscribe, expiry, reboot, disposal).</summary>
    public CancellationToken Stopping { get; }

    /// <summary>Queued change events, oldest first; completes when the subscription ends.</summary>
    public ChannelReader<GenaNotification> Pending => _queue.Reader;

    /// <summary>Queues a change event under the next SEQ; if the queue is full the oldest event is dropped.</summary>
    public void Enqueue(string body)
    {
        _lastSequence = GenaSequence.Next(_lastSequence);
        _queue.Writer.TryWrite(new GenaNotification(_lastSequence, body));
    }

    /// <summary>Ends the subscription: no more events are queued and an in-flight NOTIFY is abandoned.</summary>
    public void Stop()
    {
        _queue.Writer.TryComplete();
        lock (_gate)
        {
            if (!_disposed)
            {
                _stop.Cancel();
            }
        }
    }

    /// <summary>Releases the cancellation source once the sender loop is done with it.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _stop.Dispose();
        }
    }
}
