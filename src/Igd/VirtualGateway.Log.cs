using System.Net;
using Microsoft.Extensions.Logging;

namespace IgdLab.Igd;

/// <content>Log messages.</content>
public sealed partial class VirtualGateway
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Gateway {Id} started: description {Description}, SSDP {Ssdp}, WAN {Wan}")]
    private partial void LogStarted(string id, Uri description, IPEndPoint ssdp, IPAddress wan);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Gateway {Id}: {Action} from {Caller} failed with UPnP error {Code}")]
    private partial void LogSoapFault(string id, string action, IPAddress caller, int code);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gateway {Id}: unreadable SOAP request from {Caller}: {Reason}")]
    private partial void LogBadSoap(string id, IPAddress caller, string reason);
}
