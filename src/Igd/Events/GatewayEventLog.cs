namespace IgdLab.Igd.Events;

/// <summary>
/// The gateway's event stream: a bounded history to read back plus synchronous subscribers.
/// Subscribers run on the publishing thread, so they must be quick and must not block.
/// </summary>
public sealed class GatewayEventLog
{
    /// <summary>How many events the history keeps.</summary>
    public const int HistoryLimit = 100_000;

    private readonly Lock _gate = new();
    private readonly Queue<GatewayEvent> _history = new();
    private long _published;

    /// <summary>Raised for every event, in order.</summary>
    public event Action<GatewayEvent>? Published;

    /// <summary>How many events were published in all (the history may have dropped the oldest).</summary>
    public long Count
    {
        get
        {
            lock (_gate)
            {
                return _published;
            }
        }
    }

    /// <summary>A copy of the retained history, oldest first.</summary>
    public IReadOnlyList<GatewayEvent> Snapshot()
    {
        lock (_gate)
        {
            return [.. _history];
        }
    }

    /// <summary>Appends an event and tells the subscribers.</summary>
    public void Publish(GatewayEvent gatewayEvent)
    {
        ArgumentNullException.ThrowIfNull(gatewayEvent);
        lock (_gate)
        {
            _published++;
            _history.Enqueue(gatewayEvent);
            if (_history.Count > HistoryLimit)
            {
                _history.Dequeue();
            }

            Published?.Invoke(gatewayEvent);
        }
    }
}
