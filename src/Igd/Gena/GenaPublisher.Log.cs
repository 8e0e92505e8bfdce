using Microsoft.Extensions.Logging;

namespace IgdLab.Igd.Gena;

/// <summary>The publisher's log messages.</summary>
internal sealed partial class GenaPublisher
{
    [LoggerMessage(EventId = LogEvents.Subscribed, Level = LogLevel.Information, Message = "GENA subscription {Sid} to {EventPath} for {Callbacks}, {Seconds} s")]
    private partial void LogSubscribed(string sid, string eventPath, string callbacks, int seconds);

    [LoggerMessage(EventId = LogEvents.Renewed, Level = LogLevel.Debug, Message = "GENA subscription {Sid} to {EventPath} renewed for {Seconds} s")]
    private partial void LogRenewed(string sid, string eventPath, int seconds);

    [LoggerMessage(EventId = LogEvents.Unsubscribed, Level = LogLevel.Information, Message = "GENA subscription {Sid} to {EventPath} cancelled by the subscriber")]
    private partial void LogUnsubscribed(string sid, string eventPath);

    [LoggerMessage(EventId = LogEvents.Expired, Level = LogLevel.Information, Message = "GENA subscription {Sid} to {EventPath} expired")]
    private partial void LogExpired(string sid, string eventPath);

    [LoggerMessage(EventId = LogEvents.Cleared, Level = LogLevel.Information, Message = "GENA forgot {Count} subscriptions")]
    private partial void LogCleared(int count);

    [LoggerMessage(EventId = LogEvents.Rejected, Level = LogLevel.Information, Message = "GENA {Method} {Path} from {Remote} refused with {Status}: {Reason}")]
    private partial void LogRejected(string method, string path, string remote, int status, string reason);

    [LoggerMessage(EventId = LogEvents.CallbackRefused, Level = LogLevel.Warning, Message = "GENA SUBSCRIBE to {EventPath} from {Remote} names a callback elsewhere ({Callback}); refused (CallStranger, CVE-2020-12695)")]
    private partial void LogCallbackRefused(string remote, string eventPath, string callback);

    [LoggerMessage(EventId = LogEvents.Delivered, Level = LogLevel.Trace, Message = "GENA NOTIFY {Sid} SEQ {Seq} delivered to {Callback}")]
    private partial void LogDelivered(string sid, uint seq, Uri callback);

    [LoggerMessage(EventId = LogEvents.NotifyRefused, Level = LogLevel.Debug, Message = "GENA NOTIFY {Sid} SEQ {Seq} to {Callback} answered {Status}")]
    private partial void LogNotifyRefused(string sid, uint seq, Uri callback, int status);

    [LoggerMessage(EventId = LogEvents.NotifyAttemptFailed, Level = LogLevel.Debug, Message = "GENA NOTIFY {Sid} SEQ {Seq} to {Callback} failed: {Error}")]
    private partial void LogNotifyAttemptFailed(string sid, uint seq, Uri callback, string error);

    [LoggerMessage(EventId = LogEvents.Undeliverable, Level = LogLevel.Warning, Message = "GENA NOTIFY {Sid} SEQ {Seq} reached no callback")]
    private partial void LogUndeliverable(string sid, uint seq);

    [LoggerMessage(EventId = LogEvents.Dropped, Level = LogLevel.Warning, Message = "GENA queue for {EventPath} full; event SEQ {Seq} dropped")]
    private partial void LogDropped(string eventPath, uint seq);

    [LoggerMessage(EventId = LogEvents.InitialValuesFailed, Level = LogLevel.Error, Message = "GENA could not read the variables of {EventPath} for the initial event of {Sid}")]
    private partial void LogInitialValuesFailed(string sid, string eventPath, Exception exception);

    [LoggerMessage(EventId = LogEvents.SenderFailed, Level = LogLevel.Error, Message = "GENA sender loop of {Sid} failed")]
    private partial void LogSenderFailed(string sid, Exception exception);

    /// <summary>The event ids of the publisher's log messages, for filters and tests.</summary>
    internal static class LogEvents
    {
        public const int Subscribed = 1;
        public const int Renewed = 2;
        public const int Unsubscribed = 3;
        public const int Expired = 4;
        public const int Cleared = 5;
        public const int Rejected = 6;
        public const int CallbackRefused = 7;
        public const int Delivered = 8;
        public const int NotifyRefused = 9;
        public const int NotifyAttemptFailed = 10;
        public const int Undeliverable = 11;
        public const int Dropped = 12;
        public const int InitialValuesFailed = 13;
        public const int SenderFailed = 14;
    }
}
