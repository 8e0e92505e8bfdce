namespace IgdLab.Igd.Faults;

/// <summary><c>disable-upnp</c>: SSDP and SOAP stop answering (the HTTP port refuses); forwarding goes on.</summary>
public sealed record DisableUpnp : GatewayFault
{
    internal override async Task<FaultOutcome> ApplyAsync(IGatewayFaultSurface gateway, CancellationToken cancellationToken)
    {
        await gateway.DisableUpnpAsync();
        return FaultOutcome.Done("UPnP disabled");
    }
}
