namespace IgdLab.Emulator.Scenarios.Binding;

/// <summary>The watchdog's settings and the expectations.</summary>
internal sealed partial class ScenarioBinder
{
    private static ScenarioWatchdog BindWatchdog(MappingReader reader) => new()
    {
        Enabled = reader.Boolean("enabled") ?? true,
        ProbeInterval = reader.Duration("probeInterval"),
        ProbeTimeout = reader.Duration("probeTimeout"),
        TimeoutConfirmations = reader.Integer("timeoutConfirmations"),
        MaxConcurrentProbes = reader.Integer("maxConcurrentProbes"),
        Instances = reader.Integer("instances") ?? 1,
        Registry = reader.Word("registry", [.. ScenarioVocabulary.Registries.Keys], "registry") is { } registry
            ? ScenarioVocabulary.Registries[registry]
            : WatchdogRegistry.Memory,
    };

    private static ScenarioOracle BindOracle(MappingReader reader) => new() { Interval = reader.Duration("interval"), WatchInterval = reader.Duration("watchInterval") };

    private ScenarioExpectations BindExpectations(MappingReader reader) => new()
    {
        RemapLatency = Nested(reader, "remapLatency", ScenarioKeys.Latency, BindLatency),
        DetectionLatency = Nested(reader, "detectionLatency", ScenarioKeys.Latency, BindLatency),
        RestoreAfterReturn = Nested(reader, "restoreAfterReturn", ScenarioKeys.Latency, BindLatency),
        MaxOutage = reader.Duration("maxOutage"),
        AllReachableAtEnd = reader.Boolean("allReachableAtEnd"),
        FalseRemaps = reader.Integer("falseRemaps"),
        LeakedMappings = reader.Integer("leakedMappings"),
        MaxInstructionsPerFault = reader.Integer("maxInstructionsPerFault"),
    };

    private static LatencyLimits BindLatency(MappingReader reader) => new()
    {
        P50 = reader.Duration("p50"),
        P95 = reader.Duration("p95"),
        P99 = reader.Duration("p99"),
        Max = reader.Duration("max"),
    };
}
