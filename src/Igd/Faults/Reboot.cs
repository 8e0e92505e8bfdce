using System.Net;

namespace IgdLab.Igd.Faults;

/// <summary>
/// <c>reboot</c>: down for <see cref="Downtime"/> (SSDP silent, HTTP refused, forwarding off), the table wiped unless the
/// profile keeps it, subscriptions forgotten, BOOTID incremented; optionally a new WAN address and HTTP port.
/// </summary>
public sealed record Reboot : GatewayFault
{
    /// <summary>How long the router stays down.</summary>
    public TimeSpan Downtime { get; init; }

    /// <summary>Whether it comes back with a new WAN address (implied by <see cref="WanAddress"/>).</summary>
    public bool NewWanIp { get; init; }

    /// <summary>The WAN address it comes back with; null takes the next one when <see cref="NewWanIp"/> is set.</summary>
    public IPAddress? WanAddress { get; init; }

    /// <summary>Whether the HTTP port changes; null follows the profile.</summary>
    public bool? NewHttpPort { get; init; }

    /// <inheritdoc />
    public override bool MayBreakEveryMapping => true;

    /// <remarks>
    /// A refused address or downtime throws <see cref="FaultRejectedException"/> before the returned task, so a caller
    /// that lets the reboot run in the background can still answer the refusal.
    /// </remarks>
    internal override Task<FaultOutcome> ApplyAsync(IGatewayFaultSurface gateway, CancellationToken cancellationToken)
    {
        if (Downtime < TimeSpan.Zero)
        {
            throw new FaultRejectedException("the downtime must not be negative");
        }

        if (WanAddress is not null)
        {
            gateway.CheckWanAddress(WanAddress);
        }

        return RebootAsync(gateway, cancellationToken);
    }

    private async Task<FaultOutcome> RebootAsync(IGatewayFaultSurface gateway, CancellationToken cancellationToken)
    {
        await gateway.RebootAsync(this, cancellationToken);
        return FaultOutcome.Done($"rebooted (boot id {gateway.BootId}, WAN {gateway.WanAddress}, description {gateway.DescriptionUrl})");
    }
}
