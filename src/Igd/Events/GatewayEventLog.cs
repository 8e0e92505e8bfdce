using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IgdLab.Igd.Events;

/// <summary>
/// The gateway's event stream: a bounded history to read back plus synchronous subscribers.
/// Subscribers run on the publishing thread, so they must be quick and must not block. A subscriber that throws is
/// logged and contained: the others still hear the event, and the change that raised it stands.
/// </summary>
public sealed partial class GatewayEventLog
{
    /// <summary>How many events the history keeps.</summary>
    public const int HistoryLimit = 100_000;

    private readonly Lock _gate = new();
    private readonly Queue<GatewayEvent> _history = new();
    private readonly ILogger _logger;
    private long _published;

    /// <summary>Creates an empty log.</summary>
    /// <param name="logger">Where failing subscribers are reported; none when null.</param>
    public GatewayEventLog(ILogger? logger = null)
    {
        _logger = logger ?? NullLogger.Instance;
    }

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

            // Delivered under this log's own lock (never a table's), so every subscriber hears events in history order.
            if (Published is { } published)
            {
                foreach (var subscriber in published.GetInvocationList().Cast<Action<GatewayEvent>>())
                {
                    try
                    {
                        subscriber(gatewayEvent);
                    }
                    catch (Exception ex)
                    {
                        LogSubscriberFailed(gatewayEvent.Kind, gatewayEvent.Gateway, ex);
                    }
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A subscriber of gateway {Gateway}'s events failed on {Kind}; the event stands")]
    private partial void LogSubscriberFailed(GatewayEventKind kind, string gateway, Exception exception);
}
