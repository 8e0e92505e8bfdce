using System.Net;

namespace IgdLab.Igd.Faults;

/// <summary><c>change-wan-ip</c>: the WAN side moves to a new address; every listener moves, the old address refuses.</summary>
public sealed record ChangeWanIp : GatewayFault
{
    /// <summary>The new WAN address; null takes the next one.</summary>
    public IPAddress? WanAddress { get; init; }

    /// <inheritdoc />
    public override bool MayBreakEveryMapping => true;

    internal override async Task<FaultOutcome> ApplyAsync(IGatewayFaultSurface gateway, CancellationToken cancellationToken) =>
        FaultOutcome.Done($"WAN address is now {await gateway.ChangeWanAddressAsync(WanAddress)}");
}
