using System.Net;
using Microsoft.Extensions.Logging;

namespace IgdLab.Igd.Router;

/// <content>Log messages.</content>
internal sealed partial class GatewayHttpHost
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Gateway {Id}: {Action} from {Caller} failed with UPnP error {Code}")]
    private partial void LogSoapFault(string id, string action, IPAddress caller, int code);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gateway {Id}: unreadable SOAP request from {Caller}: {Reason}")]
    private partial void LogBadSoap(string id, IPAddress caller, string reason);
}
