namespace IgdLab.Igd.Faults;

/// <summary><c>heal-partition</c>: makes the gateway's WAN link whole again after a <see cref="Partition"/>.</summary>
public sealed record HealPartition : GatewayFault
{
    internal override Task<FaultOutcome> ApplyAsync(IGatewayFaultSurface gateway, CancellationToken cancellationToken) =>
        Task.FromResult(gateway.SetPartition(PartitionDirection.None)
            ? FaultOutcome.Done("WAN link healed")
            : FaultOutcome.NothingToDo("the WAN link was not cut"));
}
