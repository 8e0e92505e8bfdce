namespace IgdLab.Device.Upnp.Soap;

/// <summary>The answer of GetConnectionTypeInfo.</summary>
public sealed record ConnectionTypeInfo
{
    /// <summary>The current connection type, e.g. <c>IP_Routed</c>.</summary>
    public required string ConnectionType { get; init; }

    /// <summary>The possible connection types (the router sends them comma-separated).</summary>
    public IReadOnlyList<string> PossibleConnectionTypes { get; init; } = [];
}
