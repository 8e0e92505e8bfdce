using IgdLab.Igd.Faults;

namespace IgdLab.Emulator.Scenarios.Binding;

/// <summary>
/// The keys each mapping of a scenario file accepts, in the order the schema lists them. The binder rejects every other
/// key, and a test holds <c>scenarios/scenario.schema.json</c> to the same tables so that the two cannot drift.
/// </summary>
internal static class ScenarioKeys
{
    public static IReadOnlyList<string> Root { get; } =
        ["kind", "name", "description", "tags", "seed", "duration", "timeScale", "network", "links", "strategy", "gateways", "devices", "watchdog", "oracle", "faults", "expect", "compare", "backends"];

    public static IReadOnlyList<string> Gateway { get; } = ["id", "count", "profile", "override", "backend"];

    public static IReadOnlyList<string> Link { get; } = ["gateway", "latency", "jitter", "loss"];

    /// <summary>The strategy keys shared by listed devices, fleets and comparison variants.</summary>
    public static IReadOnlyList<string> Strategy { get; } = ["strategy", "lease", "renew", "poll", "events"];

    public static IReadOnlyList<string> Device { get; } = ["id", "gateway", "kind", "service", "externalPort", "mapping", .. Strategy];

    public static IReadOnlyList<string> Fleet { get; } = ["generate", "gateway", "kinds", "mapping", .. Strategy];

    public static IReadOnlyList<string> Service { get; } = ["protocol", "port"];

    public static IReadOnlyList<string> Renew { get; } = ["every"];

    public static IReadOnlyList<string> Poll { get; } = ["every"];

    public static IReadOnlyList<string> Events { get; } = ["retryDelay"];

    public static IReadOnlyList<string> Watchdog { get; } =
        ["enabled", "probeInterval", "probeTimeout", "timeoutConfirmations", "maxConcurrentProbes", "instances", "registry"];

    public static IReadOnlyList<string> Oracle { get; } = ["interval", "watchInterval"];

    public static IReadOnlyList<string> FaultSchedule { get; } = ["at", "every", "from", "until", "count", "jitter", "probability"];

    public static IReadOnlyList<string> FaultTarget { get; } = ["gateway", "device", "target", "percent", "instance"];

    /// <summary>The settings each kind of fault takes in a scenario file; a kind not listed takes none.</summary>
    public static IReadOnlyDictionary<Type, IReadOnlyList<string>> ActionSettings { get; } = new Dictionary<Type, IReadOnlyList<string>>
    {
        [typeof(Reboot)] = ["downtime", "newWanIp", "newHttpPort"],
        [typeof(SoapError)] = ["soapAction", "code", "calls", "for"],
        [typeof(SoapDelay)] = ["soapAction", "delay", "for"],
        [typeof(Partition)] = ["direction", "for"],
        [typeof(ProberFault)] = ["downtime"],
    };

    /// <summary>The actions of a kind of <see cref="ActionSettings"/> (<c>reboot</c>; <c>kill-prober</c> and <c>restart-prober</c>).</summary>
    public static IEnumerable<string> ActionsOf(Type kind) =>
        kind == typeof(ProberFault) ? ProberFault.Names : [GatewayFaultNames.NameOf(kind)];

    /// <summary>Every action setting, in schema order.</summary>
    public static IReadOnlyList<string> ActionSettingKeys { get; } = [.. ActionSettings.Values.SelectMany(k => k).Distinct(StringComparer.Ordinal)];

    public static IReadOnlyList<string> Fault { get; } = [.. FaultSchedule, .. FaultTarget, "action", .. ActionSettingKeys];

    public static IReadOnlyList<string> Expect { get; } =
        ["remapLatency", "detectionLatency", "restoreAfterReturn", "maxOutage", "allReachableAtEnd", "falseRemaps", "leakedMappings", "maxInstructionsPerFault"];

    public static IReadOnlyList<string> Latency { get; } = ["p50", "p95", "p99", "max"];

    public static IReadOnlyList<string> Variant { get; } = ["name", .. Strategy, "expect"];
}
