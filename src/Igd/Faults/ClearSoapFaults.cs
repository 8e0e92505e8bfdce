namespace IgdLab.Igd.Faults;

/// <summary><c>clear-soap-faults</c>: forgets every injected SOAP error and delay.</summary>
public sealed record ClearSoapFaults : GatewayFault
{
    internal override Task<FaultOutcome> ApplyAsync(IGatewayFaultSurface gateway, CancellationToken cancellationToken)
    {
        gateway.ClearSoapFaults();
        return Task.FromResult(FaultOutcome.Done("SOAP faults cleared"));
    }
}
