using Microsoft.Extensions.Logging;

namespace IgdLab.Device.Upnp.Soap;

/// <content>Log messages.</content>
internal sealed partial class SoapInvoker
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "{Action}: retry {Retry} in {DelayMs} ms after: {Reason}")]
    private partial void LogRetrying(string action, int retry, double delayMs, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Action}: the earlier attempt's outcome was unknown; the router {Finding}")]
    private partial void LogProbedRaw(string action, string finding);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Action}: could not check whether the earlier attempt was carried out: {Reason}")]
    private partial void LogProbeFailed(string action, string reason);

    private void LogProbed(string action, bool done) => LogProbedRaw(action, done ? "shows it done" : "does not show it");
}
