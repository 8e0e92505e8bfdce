namespace IgdLab.Igd.Faults;

/// <summary><c>zombie-mapping</c>: one mapping stays listed and renewable but no longer forwards.</summary>
public sealed record ZombieMapping : MappingFault
{
    internal override Task<FaultOutcome> ApplyAsync(IGatewayFaultSurface gateway, CancellationToken cancellationToken) =>
        Task.FromResult(gateway.ZombifyMapping(Key) is { } key
            ? FaultOutcome.Done($"{key} is now a zombie")
            : FaultOutcome.NothingToDo("no mapping to turn into a zombie"));
}
