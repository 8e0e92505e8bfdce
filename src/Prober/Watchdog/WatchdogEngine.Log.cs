using IgdLab.Contracts;
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

    [LoggerMessage(Level = LogLevel.Debug, Message = "{DeviceId}: probe failed ({Outcome}: {Detail}); suspect")]
    private partial void LogSuspected(string deviceId, ProbeOutcome outcome, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "{DeviceId}: failure detected ({Outcome}: {Detail})")]
    private partial void LogDetected(string deviceId, ProbeOutcome outcome, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "{DeviceId}: remap instruction {InstructionId} sent ({Reason})")]
    private partial void LogInstruction(string deviceId, string instructionId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{DeviceId}: remap failed ({Reason}); {Consecutive} in a row")]
    private partial void LogRemapFailed(string deviceId, string reason, int consecutive);

    [LoggerMessage(Level = LogLevel.Information, Message = "{DeviceId}: reachable again after {Outage}")]
    private partial void LogRecovered(string deviceId, TimeSpan outage);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not write the registry database")]
    private partial void LogPersistFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "A subscriber of {Event} threw")]
    private partial void LogSubscriberFailed(string @event, Exception exception);
}
