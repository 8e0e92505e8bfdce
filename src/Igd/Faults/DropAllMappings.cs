namespace IgdLab.Igd.Faults;

/// <summary><c>drop-all-mappings</c>: the router loses its whole table.</summary>
public sealed record DropAllMappings : GatewayFault
{
    /// <inheritdoc />
    public override bool MayBreakEveryMapping => true;

    internal override Task<FaultOutcome> ApplyAsync(IGatewayFaultSurface gateway, CancellationToken cancellationToken) =>
        Task.FromResult(FaultOutcome.Done($"dropped {CountText.Of(gateway.DropAllMappings(), "mapping")}"));
}
