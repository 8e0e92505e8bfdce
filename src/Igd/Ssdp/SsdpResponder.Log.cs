using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace IgdLab.Igd.Ssdp;

/// <summary>The responder's log messages.</summary>
internal sealed partial class SsdpResponder
{
    [LoggerMessage(1, LogLevel.Information, "SSDP responder listening on {EndPoint} ({Mode}) for LAN address {LanAddress}")]
    private static partial void LogStarted(ILogger logger, IPEndPoint endPoint, string mode, IPAddress lanAddress);

    [LoggerMessage(2, LogLevel.Information, "SSDP responder on {EndPoint} stopped")]
    private static partial void LogStopped(ILogger logger, IPEndPoint endPoint);

    [LoggerMessage(3, LogLevel.Debug, "Dropped SSDP datagram from {Remote}: {Reason}")]
    private static partial void LogDropped(ILogger logger, IPEndPoint? remote, string reason);

    [LoggerMessage(4, LogLevel.Debug, "Answering M-SEARCH from {Remote} for {SearchTarget} with {Count} replies")]
    private static partial void LogAnswering(ILogger logger, IPEndPoint remote, string searchTarget, int count);

    [LoggerMessage(5, LogLevel.Trace, "No advertisement matches M-SEARCH from {Remote} for {SearchTarget}")]
    private static partial void LogNoMatch(ILogger logger, IPEndPoint remote, string searchTarget);

    [LoggerMessage(6, LogLevel.Trace, "Ignored SSDP {Kind} from {Remote}")]
    private static partial void LogIgnored(ILogger logger, SsdpMessageKind kind, IPEndPoint remote);

    [LoggerMessage(7, LogLevel.Trace, "UPnP is off; not answering M-SEARCH from {Remote} for {SearchTarget}")]
    private static partial void LogDisabled(ILogger logger, IPEndPoint remote, string searchTarget);

    [LoggerMessage(8, LogLevel.Warning, "Sending an SSDP datagram to {Destination} failed: {Error}")]
    private static partial void LogSendFailed(
        ILogger logger,
        IPEndPoint destination,
        SocketError error,
        Exception exception);

    [LoggerMessage(9, LogLevel.Warning, "Receiving on the SSDP socket failed: {Error}")]
    private static partial void LogReceiveFailed(ILogger logger, SocketError error, Exception exception);

    [LoggerMessage(10, LogLevel.Debug, "Sent {Count} {Nts} announcements to {Destination}")]
    private static partial void LogAnnounced(ILogger logger, int count, string nts, IPEndPoint destination);

    [LoggerMessage(11, LogLevel.Error, "Handling an SSDP datagram from {Remote} failed")]
    private static partial void LogHandlingFailed(ILogger logger, IPEndPoint remote, Exception exception);

    [LoggerMessage(12, LogLevel.Debug, "Answering M-SEARCH from {Remote} for {SearchTarget} after {Delay}")]
    private static partial void LogDelayingReply(ILogger logger, IPEndPoint remote, string searchTarget, TimeSpan delay);

    [LoggerMessage(13, LogLevel.Debug, "Ignoring M-SEARCH from {Remote} for {SearchTarget}: {Reason}")]
    private static partial void LogIgnoredSearch(ILogger logger, IPEndPoint remote, string searchTarget, string reason);
}
