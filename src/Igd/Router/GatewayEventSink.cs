using System.Net;
using IgdLab.Igd.Events;
using IgdLab.Igd.Mapping;

namespace IgdLab.Igd.Router;

/// <summary>Publishes the gateway's events on its log, stamped with its id and clock.</summary>
internal sealed class GatewayEventSink(GatewayEventLog log, string gatewayId, TimeProvider time)
{
    public void Publish(
        GatewayEventKind kind, PortMapping? mapping = null, RemovalReason? reason = null, IPAddress? wanAddress = null, string detail = "", DateTimeOffset? at = null)
    {
        log.Publish(new GatewayEvent
        {
            Timestamp = at ?? time.GetUtcNow(),
            Gateway = gatewayId,
            Kind = kind,
            Mapping = mapping,
            Reason = reason,
            WanAddress = wanAddress,
            Detail = detail,
        });
    }
}
