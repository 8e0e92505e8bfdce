namespace IgdLab.Igd.Faults;

/// <summary><c>disable-natpmp</c>: NAT-PMP requests go unanswered (or get UNSUPP_VERSION from PCP); mappings stay.</summary>
public sealed record DisableNatPmp : GatewayFault
{
    internal override Task<FaultOutcome> ApplyAsync(IGatewayFaultSurface gateway, CancellationToken cancellationToken)
    {
        gateway.SetPortControl(MappingOrigin.NatPmp, enabled: false);
        return Task.FromResult(FaultOutcome.Done("NAT-PMP disabled"));
    }
}

/// <summary><c>enable-natpmp</c>: NAT-PMP is answered again.</summary>
public sealed record EnableNatPmp : GatewayFault
{
    internal override Task<FaultOutcome> ApplyAsync(IGatewayFaultSurface gateway, CancellationToken cancellationToken)
    {
        gateway.SetPortControl(MappingOrigin.NatPmp, enabled: true);
        return Task.FromResult(FaultOutcome.Done("NAT-PMP enabled"));
    }
}

/// <summary><c>disable-pcp</c>: PCP requests go unanswered (or get NAT-PMP's UNSUPP_VERSION); mappings stay.</summary>
public sealed record DisablePcp : GatewayFault
{
    internal override Task<FaultOutcome> ApplyAsync(IGatewayFaultSurface gateway, CancellationToken cancellationToken)
    {
        gateway.SetPortControl(MappingOrigin.Pcp, enabled: false);
        return Task.FromResult(FaultOutcome.Done("PCP disabled"));
    }
}

/// <summary><c>enable-pcp</c>: PCP is answered again.</summary>
public sealed record EnablePcp : GatewayFault
{
    internal override Task<FaultOutcome> ApplyAsync(IGatewayFaultSurface gateway, CancellationToken cancellationToken)
    {
        gateway.SetPortControl(MappingOrigin.Pcp, enabled: true);
        return Task.FromResult(FaultOutcome.Done("PCP enabled"));
    }
}

/// <summary>
/// <c>drop-announcements</c>: from now on the router changes its WAN address and reboots without a NAT-PMP or PCP
/// announcement, as routers that never announce do; clients learn only by asking.
/// </summary>
public sealed record DropAnnouncements : GatewayFault
{
    internal override Task<FaultOutcome> ApplyAsync(IGatewayFaultSurface gateway, CancellationToken cancellationToken)
    {
        gateway.SetAnnouncementsDropped(true);
        return Task.FromResult(FaultOutcome.Done("NAT-PMP/PCP announcements dropped"));
    }
}

/// <summary><c>restore-announcements</c>: WAN changes and reboots are announced again (as the profile says).</summary>
public sealed record RestoreAnnouncements : GatewayFault
{
    internal override Task<FaultOutcome> ApplyAsync(IGatewayFaultSurface gateway, CancellationToken cancellationToken)
    {
        gateway.SetAnnouncementsDropped(false);
        return Task.FromResult(FaultOutcome.Done("NAT-PMP/PCP announcements restored"));
    }
}
