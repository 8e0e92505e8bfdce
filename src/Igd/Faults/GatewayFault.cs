namespace IgdLab.Igd.Faults;

/// <summary>
/// One fault of the virtual router, in the vocabulary shared by scenario files and the <c>serve</c> control API.
/// Each kind is a sealed record carrying only what it uses and applying itself to the gateway's fault surface; its
/// wire name lives in <see cref="GatewayFaultNames"/>. Apply one with <see cref="VirtualGateway.ApplyFaultAsync"/>.
/// </summary>
public abstract record GatewayFault
{
    // Only this assembly adds kinds: each needs an apply method against the internal fault surface.
    private protected GatewayFault()
    {
    }

    /// <summary>The wire name (<c>change-wan-ip</c>), from <see cref="GatewayFaultNames"/>.</summary>
    public string Name => GatewayFaultNames.NameOf(this);

    /// <summary>Whether the fault may break the mapping of every device behind the gateway (a reboot, a WAN change).</summary>
    public virtual bool MayBreakEveryMapping => false;

    /// <summary>
    /// The fault that ends this one when it is given a duration (a scenario's <c>for</c>): <see cref="ClearSoapFaults"/>
    /// for SOAP errors and delays, <see cref="HealPartition"/> for a partition; null when it cannot be given one.
    /// </summary>
    public virtual GatewayFault? Ending => null;

    /// <summary>Applies the fault; reboots return once the router is back up.</summary>
    /// <exception cref="FaultRejectedException">A setting cannot be carried out (out of range, an unbindable address); nothing changed.</exception>
    internal abstract Task<FaultOutcome> ApplyAsync(IGatewayFaultSurface gateway, CancellationToken cancellationToken);
}
