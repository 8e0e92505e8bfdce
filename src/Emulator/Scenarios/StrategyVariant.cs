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

    /// <summary>
    /// Expectations of this variant only; each one set here replaces the scenario's, the others still apply. A
    /// comparison holds each way of keeping a mapping to what it can achieve (polling cannot see a WAN change).
    /// </summary>
    public ScenarioExpectations? Expect { get; init; }

    /// <summary>The expectations this variant is judged by: its own over <paramref name="scenario"/>'s.</summary>
    public ScenarioExpectations Over(ScenarioExpectations scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (Expect is not { } own)
        {
            return scenario;
        }

        return new ScenarioExpectations
        {
            RemapLatency = own.RemapLatency ?? scenario.RemapLatency,
            DetectionLatency = own.DetectionLatency ?? scenario.DetectionLatency,
            RestoreAfterReturn = own.RestoreAfterReturn ?? scenario.RestoreAfterReturn,
            MaxOutage = own.MaxOutage ?? scenario.MaxOutage,
            AllReachableAtEnd = own.AllReachableAtEnd ?? scenario.AllReachableAtEnd,
            FalseRemaps = own.FalseRemaps ?? scenario.FalseRemaps,
            LeakedMappings = own.LeakedMappings ?? scenario.LeakedMappings,
            MaxInstructionsPerFault = own.MaxInstructionsPerFault ?? scenario.MaxInstructionsPerFault,
        };
    }
}
