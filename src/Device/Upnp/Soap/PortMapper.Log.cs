using System.Net;
using Microsoft.Extensions.Logging;

namespace IgdLab.Device.Upnp.Soap;

/// <content>Log messages.</content>
public sealed partial class PortMapper
{
    [LoggerMessage(Level = LogLevel.Information, Message = "{Action} refused lease {From} s with UPnP error {Code}; trying lease {To} s")]
    private partial void LogLeaseFallback(string action, int code, uint from, uint to);

    [LoggerMessage(Level = LogLevel.Information, Message = "External port {Port} refused with UPnP error {Code}; trying {Next}")]
    private partial void LogPortFallback(int code, int port, string next);

    [LoggerMessage(Level = LogLevel.Information, Message = "Port {Port}/{Protocol} that this device held now belongs to {Holder}; no longer tracked")]
    private partial void LogPortLost(int port, MappingProtocol protocol, string holder);

    [LoggerMessage(Level = LogLevel.Information, Message = "Mapped {ExternalAddress}:{Port}/{Protocol} to {InternalEndPoint}, lease {Lease} s, fallbacks {Fallbacks}")]
    private partial void LogMapped(string externalAddress, int port, MappingProtocol protocol, IPEndPoint internalEndPoint, uint lease, MappingFallbacks fallbacks);

    [LoggerMessage(Level = LogLevel.Information, Message = "Unmapped {Port}/{Protocol} (deleted by the router: {Deleted})")]
    private partial void LogUnmapped(int port, MappingProtocol protocol, bool deleted);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} mapping(s) could not be deleted on dispose; first failure: {Reason}")]
    private partial void LogCleanupFailed(int count, string reason);
}
