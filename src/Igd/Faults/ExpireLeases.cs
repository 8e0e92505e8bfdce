namespace IgdLab.Igd.Faults;

/// <summary><c>expire-leases</c>: every mapping with a lease expires now.</summary>
public sealed record ExpireLeases : GatewayFault
{
    /// <inheritdoc />
    public override bool MayBreakEveryMapping => true;

    internal override Task<FaultOutcome> ApplyAsync(IGatewayFaultSurface gateway, CancellationToken cancellationToken) =>
        Task.FromResult(FaultOutcome.Done($"expired {CountText.Of(gateway.ExpireLeases(), "lease")}"));
}
