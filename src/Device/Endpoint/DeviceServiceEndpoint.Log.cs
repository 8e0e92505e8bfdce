using System.Net;
using Microsoft.Extensions.Logging;

namespace IgdLab.Device.Endpoint;

/// <content>Log messages.</content>
public sealed partial class DeviceServiceEndpoint
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Device {DeviceId} serves its identity on {EndPoint} (UDP too: {Udp})")]
    private partial void LogStarted(string deviceId, IPEndPoint endPoint, bool udp);
}
