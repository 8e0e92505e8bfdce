using System.Net;

namespace IgdLab.Igd.Faults;

/// <summary>
/// <c>change-wan-ip</c>: the WAN side moves to a new address; every listener moves, the old address refuses. An address
/// the host cannot bind is refused with <see cref="FaultRejectedException"/> and nothing changes.
/// </summary>
public sealed record ChangeWanIp : GatewayFault
{
    /// <summary>The new WAN address, an IPv4 address the host can bind; null takes the next bindable one.</summary>
    public IPAddress? WanAddress { get; init; }

    /// <inheritdoc />
    public override bool MayBreakEveryMapping => true;

    internal override async Task<FaultOutcome> ApplyAsync(IGatewayFaultSurface gateway, CancellationToken cancellationToken) =>
        FaultOutcome.Done($"WAN address is now {await gateway.ChangeWanAddressAsync(WanAddress)}");
}
