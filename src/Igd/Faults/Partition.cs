namespace IgdLab.Igd.Faults;

/// <summary>
/// <c>partition</c>: cuts the gateway's WAN link in <see cref="Direction"/> until <see cref="HealPartition"/> (or, in a
/// scenario, its <c>for</c>) ends it. Only a WAN on the in-process network can be cut; a kernel socket's link cannot.
/// </summary>
public sealed record Partition : GatewayFault
{
    /// <summary>Which way the link is cut.</summary>
    /// <value>The default is <see cref="PartitionDirection.Both"/>.</value>
    public PartitionDirection Direction { get; init; } = PartitionDirection.Both;

    /// <inheritdoc />
    /// <remarks>Every device behind the gateway becomes unreachable from outside while it lasts.</remarks>
    public override bool MayBreakEveryMapping => true;

    /// <inheritdoc />
    public override GatewayFault Ending => new HealPartition();

    internal override Task<FaultOutcome> ApplyAsync(IGatewayFaultSurface gateway, CancellationToken cancellationToken)
    {
        if (Direction is PartitionDirection.None || (Direction & ~PartitionDirection.Both) != 0)
        {
            throw new FaultRejectedException($"'{Direction}' is not a direction; a partition cuts inbound, outbound or both");
        }

        gateway.SetPartition(Direction);
        return Task.FromResult(FaultOutcome.Done($"WAN link cut {Direction.ToString().ToLowerInvariant()}"));
    }
}
