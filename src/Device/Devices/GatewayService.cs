using IgdLab.Device.Upnp.Description;

namespace IgdLab.Device.Devices;

/// <summary>The router's WAN connection service a device maps through: where to send SOAP and where to subscribe.</summary>
/// <param name="ControlUrl">The service's control URL.</param>
/// <param name="ServiceType">The service type as the description names it.</param>
/// <param name="EventUrl">The service's event subscription URL, or null when the description names none.</param>
public sealed record GatewayService(Uri ControlUrl, string ServiceType, Uri? EventUrl = null)
{
    /// <summary>The first WAN connection service of <paramref name="description"/>.</summary>
    public static GatewayService From(IgdDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        var service = description.ConnectionService;
        return new GatewayService(service.ControlUrl, service.ServiceType, service.EventSubUrl);
    }
}
