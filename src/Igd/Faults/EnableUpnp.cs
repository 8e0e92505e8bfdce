namespace IgdLab.Igd.Faults;

/// <summary><c>enable-upnp</c>: SSDP and SOAP answer again, on the same HTTP port.</summary>
public sealed record EnableUpnp : GatewayFault
{
    internal override async Task<FaultOutcome> ApplyAsync(IGatewayFaultSurface gateway, CancellationToken cancellationToken)
    {
        await gateway.EnableUpnpAsync(cancellationToken);
        return FaultOutcome.Done("UPnP enabled");
    }
}
