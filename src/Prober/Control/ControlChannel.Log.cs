using Microsoft.Extensions.Logging;

namespace IgdLab.Prober.Control;

/// <summary>The control channel's log messages.</summary>
internal sealed partial class ControlChannel
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Control channel: authentication failed for '{DeviceId}'")]
    private partial void LogAuthenticationFailed(string deviceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{DeviceId}: bad control message ({Error})")]
    private partial void LogBadMessage(string deviceId, string error);
}
