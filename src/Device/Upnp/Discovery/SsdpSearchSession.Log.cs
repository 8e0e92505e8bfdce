using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace IgdLab.Device.Upnp.Discovery;

/// <content>Logging.</content>
internal sealed partial class SsdpSearchSession
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "SSDP search from {Local}: unicast {Unicast}, multicast {Multicast}, {Targets} targets, waiting {Timeout}")]
    private static partial void LogStarted(ILogger logger, IPEndPoint local, IPEndPoint? unicast, IPEndPoint? multicast, int targets, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Debug, Message = "SSDP search finished: {Replies} distinct replies, {Skipped} skipped, {Duplicates} duplicates, {FailedSends} failed sends")]
    private static partial void LogFinished(ILogger logger, int replies, int skipped, int duplicates, int failedSends);

    [LoggerMessage(Level = LogLevel.Warning, Message = "M-SEARCH for {SearchTarget} to {Destination} could not be sent ({Error})")]
    private static partial void LogSendFailed(ILogger logger, IPEndPoint destination, string searchTarget, SocketError error, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "no M-SEARCH could be sent; the search ends now")]
    private static partial void LogNothingSent(ILogger logger);

    [LoggerMessage(Level = LogLevel.Debug, Message = "SSDP receive failed ({Error})")]
    private static partial void LogReceiveFailed(ILogger logger, SocketError error, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "skipped a datagram from {Responder}: {Problem}")]
    private static partial void LogSkipped(ILogger logger, IPEndPoint responder, string problem);

    [LoggerMessage(Level = LogLevel.Debug, Message = "SSDP reply from {Responder}: ST {SearchTarget}, LOCATION {Location}")]
    private static partial void LogReply(ILogger logger, IPEndPoint responder, string? searchTarget, Uri location);
}
