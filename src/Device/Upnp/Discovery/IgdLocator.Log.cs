using IgdLab.Device.Upnp.Description;
using Microsoft.Extensions.Logging;

namespace IgdLab.Device.Upnp.Discovery;

/// <content>Logging.</content>
public sealed partial class IgdLocator
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "{Location} is an IGD: {ConnectionService}, WANCommonInterfaceConfig {HasCommon}")]
    private static partial void LogIgd(ILogger logger, Uri location, string connectionService, bool hasCommon);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Location} is not a usable IGD ({Reason}): {Message}")]
    private static partial void LogNotIgd(ILogger logger, Uri location, DescriptionFailure reason, string message);

    [LoggerMessage(Level = LogLevel.Debug, Message = "probe of {Location}: {Passed}")]
    private static partial void LogProbed(ILogger logger, Uri location, bool passed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "probe of {Location} threw; counted as failed")]
    private static partial void LogProbeFailed(ILogger logger, Uri location, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "no IGD accepted before the search ended ({Replies} replies, {Candidates} locations)")]
    private static partial void LogNoFirstIgd(ILogger logger, int replies, int candidates);
}
