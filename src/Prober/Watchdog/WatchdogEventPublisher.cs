using Microsoft.Extensions.Logging;

namespace IgdLab.Prober.Watchdog;

/// <summary>Hands the watchdog's events to its subscriber; a throwing subscriber is logged and contained, never the watchdog's problem.</summary>
internal sealed partial class WatchdogEventPublisher(Action<WatchdogEvent> subscriber, ILogger logger)
{
    /// <summary>Publishes <paramref name="watchdogEvent"/> (nothing when null); call it outside the device locks.</summary>
    public void Publish(WatchdogEvent? watchdogEvent)
    {
        if (watchdogEvent is null)
        {
            return;
        }

        try
        {
            subscriber(watchdogEvent);
        }
        catch (Exception ex)
        {
            LogSubscriberFailed(watchdogEvent.GetType().Name, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A subscriber of {Event} threw")]
    private partial void LogSubscriberFailed(string @event, Exception exception);
}
