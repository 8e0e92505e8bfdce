using Microsoft.Extensions.Logging;

namespace IgdLab.Igd.Mapping;

/// <summary>
/// Carries the <see cref="MappingTable"/>'s committed changes to its listeners: the table queues each change under its
/// own lock and calls <see cref="Deliver"/> once the lock is released. One thread delivers at a time, so listeners hear
/// changes in commit order; a listener that throws is logged and does not stop the others.
/// </summary>
internal sealed partial class MappingChangeFeed(ILogger logger)
{
    private readonly Lock _gate = new();
    private readonly Lock _deliveryGate = new();
    private readonly Queue<MappingChange> _pending = new();
    private Action<MappingChange>[] _listeners = [];

    /// <summary>Adds a listener; it hears the changes committed from now on.</summary>
    public void Listen(Action<MappingChange> listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        lock (_gate)
        {
            _listeners = [.. _listeners, listener];
        }
    }

    /// <summary>Queues a committed change; the table calls it under its own lock, in commit order.</summary>
    public void Enqueue(MappingChange change)
    {
        lock (_gate)
        {
            _pending.Enqueue(change);
        }
    }

    /// <summary>
    /// Delivers every queued change; called with the table's lock released. A caller that finds another thread
    /// delivering waits for it, so its own change has been heard when it returns. A change made by a listener is
    /// delivered by the loop already running on this thread, after the current one.
    /// </summary>
    public void Deliver()
    {
        if (_deliveryGate.IsHeldByCurrentThread)
        {
            return;
        }

        lock (_deliveryGate)
        {
            while (true)
            {
                MappingChange? change;
                Action<MappingChange>[] listeners;
                lock (_gate)
                {
                    if (!_pending.TryDequeue(out change))
                    {
                        return;
                    }

                    listeners = _listeners;
                }

                foreach (var listener in listeners)
                {
                    try
                    {
                        listener(change);
                    }
                    catch (Exception ex)
                    {
                        LogListenerFailed(logger, change.Kind, change.Mapping.Key, ex);
                    }
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A mapping table listener failed on {Kind} of {Key}; the change stands")]
    private static partial void LogListenerFailed(ILogger logger, MappingChangeKind kind, MappingKey key, Exception exception);
}
