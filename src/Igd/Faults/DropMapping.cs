namespace IgdLab.Igd.Faults;

/// <summary><c>drop-mapping</c>: the router loses one mapping (its listener closes).</summary>
public sealed record DropMapping : MappingFault
{
    internal override Task<FaultOutcome> ApplyAsync(IGatewayFaultSurface gateway, CancellationToken cancellationToken) =>
        Task.FromResult(gateway.DropMapping(Key) is { } key ? FaultOutcome.Done($"dropped {key}") : FaultOutcome.NothingToDo("no mapping to drop"));
}
