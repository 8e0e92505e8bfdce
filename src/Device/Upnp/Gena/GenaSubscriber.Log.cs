using Microsoft.Extensions.Logging;

namespace IgdLab.Device.Upnp.Gena;

/// <content>Log messages.</content>
public sealed partial class GenaSubscriber
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Subscribed to {EventUrl} as {Sid} for {Seconds} s")]
    private partial void LogSubscribed(Uri eventUrl, string sid, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the subscription to {EventUrl} failed: {Reason}")]
    private partial void LogRenewalFailed(Uri eventUrl, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "UNSUBSCRIBE to {EventUrl} failed: {Reason}")]
    private partial void LogUnsubscribeFailed(Uri eventUrl, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unreadable NOTIFY from {EventUrl}: {Reason}")]
    private partial void LogBadNotify(Uri eventUrl, string reason);
}
