using Microsoft.Extensions.Logging;

namespace IgdLab.Prober.Watchdog;

/// <summary>The engine's log messages.</summary>
internal sealed partial class WatchdogEngine
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Watchdog started: {Devices} devices registered, {Scheduled} with a mapping to probe")]
    private partial void LogStarted(int devices, int scheduled);

    [LoggerMessage(Level = LogLevel.Information, Message = "{DeviceId}: control channel open")]
    private partial void LogChannelOpened(string deviceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{DeviceId}: control channel closed ({Reason}); offline")]
    private partial void LogChannelClosed(string deviceId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{DeviceId}: report {Detail}")]
    private partial void LogReport(string deviceId, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{DeviceId}: could not look its key up in the shared registry")]
    private partial void LogKeyLookupFailed(string deviceId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the shared registry for an answer about devices owned elsewhere; answered with this instance's own copy")]
    private partial void LogRegistryReadFailed(Exception exception);
}
