using Microsoft.Extensions.Logging;

namespace IgdLab.Device.Probe;

/// <content>Log messages.</content>
public sealed partial class ProbeUnit
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Control channel to {Uri} open as {DeviceId}")]
    private partial void LogConnected(Uri uri, string deviceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Control channel: {Reason}; reconnecting in {DelayMs} ms")]
    private partial void LogReconnecting(string reason, long delayMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Control channel: {Reason}; trying again in {DelayMs} ms")]
    private partial void LogAuthenticationFailed(string reason, long delayMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Control channel: {Reason}; the key was never accepted, so the unit stops")]
    private partial void LogKeyNeverAccepted(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Control channel: another channel of this device replaced this one; trying again in {DelayMs} ms")]
    private partial void LogReplaced(long delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Control channel: ignored a frame from the server: {Reason}")]
    private partial void LogFrameRejected(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Control channel: ignored an unexpected {Type} from the server")]
    private partial void LogUnexpected(string type);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Control channel: the server reported {Code}: {Message}")]
    private partial void LogServerError(string code, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Remap instruction {InstructionId}: {Reason}")]
    private partial void LogInstruction(string instructionId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Remap instruction {InstructionId} failed: {Error}")]
    private partial void LogRemapFailed(string instructionId, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Remap instruction {InstructionId} is about {Probed}; the mapping is at {Current} already, reporting it again")]
    private partial void LogAlreadyMoved(string instructionId, string probed, string current);

    [LoggerMessage(Level = LogLevel.Information, Message = "Remap instruction {InstructionId} judged report {Sequence}; the mapping at {Current} was reported since, reporting it again")]
    private partial void LogAlreadyRestored(string instructionId, long sequence, string current);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mapping on external port {Port} has no external address; not reported")]
    private partial void LogUnreportable(int port);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Control channel: sending a {Type} failed: {Reason}")]
    private partial void LogSendFailed(string type, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Control channel: background work failed: {Reason}")]
    private partial void LogBackgroundFailed(string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Control channel: the close frame could not be sent: {Reason}")]
    private partial void LogCloseFailed(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A probe unit event handler threw: {Reason}")]
    private partial void LogHandlerFailed(string reason);
}
