using IgdLab.Device.Devices;

namespace IgdLab.Emulator.Scenarios;

/// <summary>One column of a comparison: every device of the world keeps its mapping this way.</summary>
public sealed record StrategyVariant
{
    /// <summary>The column's name in reports (<c>renew-20s</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The strategies every device uses in this variant.</summary>
    public required MappingStrategyKinds Strategy { get; init; }

    /// <summary>The strategies' settings and the lease asked for.</summary>
    public StrategySettings Settings { get; init; } = new();
}
