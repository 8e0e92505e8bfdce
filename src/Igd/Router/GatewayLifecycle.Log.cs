using System.Net;
using Microsoft.Extensions.Logging;

namespace IgdLab.Igd.Router;

/// <content>Log messages.</content>
internal sealed partial class GatewayLifecycle
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Gateway {Id} started: description {Description}, SSDP {Ssdp}, WAN {Wan}")]
    private partial void LogStarted(string id, Uri description, IPEndPoint ssdp, IPAddress wan);
}
