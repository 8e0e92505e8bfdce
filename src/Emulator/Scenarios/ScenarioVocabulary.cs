using System.Text.Json;
using IgdLab.Device.Devices;
using IgdLab.Igd.Faults;

namespace IgdLab.Emulator.Scenarios;

/// <summary>The words of the scenario format: fault actions, targets, strategies, device kinds and value patterns.</summary>
public static class ScenarioVocabulary
{
    /// <summary>The pattern of a duration: a number and a unit, <c>300ms</c>, <c>1.5s</c>, <c>2m</c>, <c>1h</c>, <c>1d</c>.</summary>
    public const string DurationPattern = @"^[0-9]+(\.[0-9]+)?(ms|s|m|h|d)$";

    /// <summary>The pattern of gateway and device ids: they appear in reports, logs and generated names.</summary>
    public const string IdPattern = "^[A-Za-z0-9][A-Za-z0-9._-]*$";

    /// <summary>The pattern of a strategy: <c>none</c>, or strategy names joined by <c>+</c> (<c>watchdog+events</c>).</summary>
    public const string StrategyPattern = "^(none|(watchdog|renew|poll|events)(\\+(watchdog|renew|poll|events))*)$";

    /// <summary>The pattern of a scenario tag: a lowercase word, digits and dashes allowed (<c>natpmp</c>, <c>fleet-200</c>).</summary>
    public const string TagPattern = "^[a-z0-9-]+$";

    /// <summary>The tag of scenarios too long for every run: a folder run leaves them out unless <c>--tag slow</c> asks for them.</summary>
    public const string SlowTag = "slow";

    /// <summary>Whether <paramref name="text"/> is a tag (<see cref="TagPattern"/>).</summary>
    public static bool IsTag(string text) =>
        !string.IsNullOrEmpty(text) && text.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');

    /// <summary>The strategy that maps once and never again.</summary>
    public const string NoStrategy = "none";

    /// <summary>A fleet's <c>strategy:</c> that draws each device's strategy from the fleet mix.</summary>
    public const string MixedStrategy = "mixed";

    /// <summary>A fleet's <c>mapping: mixed</c>: upnp, natpmp and pcp in turn.</summary>
    public const string MixedMapping = "mixed";

    /// <summary>The values of a device's <c>mapping</c> key.</summary>
    public static IReadOnlyList<string> MappingMethods => IgdLab.Device.PortControl.MappingMethodText.Names;

    /// <summary>The fault actions: the gateway's, the same as the control API's (<see cref="GatewayFaultNames.Names"/>), then the watchdog's (<see cref="ProberFault.Names"/>).</summary>
    public static IReadOnlyList<string> FaultActions { get; } = [.. GatewayFaultNames.Names, .. ProberFault.Names];

    /// <summary>The values of the watchdog's <c>registry</c>.</summary>
    public static IReadOnlyDictionary<string, WatchdogRegistry> Registries { get; } = new Dictionary<string, WatchdogRegistry>(StringComparer.Ordinal)
    {
        ["memory"] = WatchdogRegistry.Memory,
        ["postgres"] = WatchdogRegistry.Postgres,
    };

    /// <summary>The actions that hit devices' mappings (<see cref="MappingFault"/>s) and so take a target (device, target or percent).</summary>
    public static IReadOnlyList<string> DeviceFaultActions { get; } =
        [.. GatewayFaultNames.Names.Where(n => GatewayFaultNames.TypeOf(n)!.IsSubclassOf(typeof(MappingFault)))];

    /// <summary>The values of a fault's <c>target</c>.</summary>
    public static IReadOnlyDictionary<string, FaultTarget> TargetNames { get; } = new Dictionary<string, FaultTarget>(StringComparer.Ordinal)
    {
        ["random-device"] = FaultTarget.RandomDevice,
        ["all"] = FaultTarget.AllDevices,
    };

    /// <summary>The values of a gateway's <c>backend</c>.</summary>
    public static IReadOnlyDictionary<string, GatewayBackend> Backends { get; } = new Dictionary<string, GatewayBackend>(StringComparer.Ordinal)
    {
        ["virtual"] = GatewayBackend.Virtual,
        ["miniupnpd"] = GatewayBackend.Miniupnpd,
    };

    /// <summary>The values of a scenario's <c>network</c>.</summary>
    public static IReadOnlyDictionary<string, WorldNetwork> Networks { get; } = new Dictionary<string, WorldNetwork>(StringComparer.Ordinal)
    {
        ["sockets"] = WorldNetwork.Sockets,
        ["simulated"] = WorldNetwork.Simulated,
    };

    /// <summary>The values of a partition's <c>direction</c>.</summary>
    public static IReadOnlyDictionary<string, PartitionDirection> PartitionDirections { get; } = new Dictionary<string, PartitionDirection>(StringComparer.Ordinal)
    {
        ["inbound"] = PartitionDirection.Inbound,
        ["outbound"] = PartitionDirection.Outbound,
        ["both"] = PartitionDirection.Both,
    };

    /// <summary>A network's word in scenario files and reports (<c>simulated</c>).</summary>
    public static string NameOf(WorldNetwork network) => Networks.First(n => n.Value == network).Key;

    /// <summary>A backend's word in scenario files and reports (<c>miniupnpd</c>).</summary>
    public static string NameOf(GatewayBackend backend) => Backends.First(b => b.Value == backend).Key;

    /// <summary>The fault actions a real miniupnpd can be put through (see <c>MiniupnpdGateway</c>); every other one is refused on a miniupnpd gateway.</summary>
    public static IReadOnlyList<string> MiniupnpdFaultActions { get; } =
        ["drop-mapping", "drop-all-mappings", "change-wan-ip", "reboot", "disable-upnp", "enable-upnp"];

    /// <summary>The service protocols.</summary>
    public static IReadOnlyList<string> Protocols { get; } = [.. Enum.GetValues<MappingProtocol>().Select(p => p.ToUpnp())];

    // The command line also takes the older comma form.
    private static readonly char[] CommandLineSeparators = ['+', ','];

    /// <summary>The single strategy names that combine with <c>+</c>.</summary>
    public static IReadOnlyDictionary<string, MappingStrategyKinds> StrategyNames { get; } = new Dictionary<string, MappingStrategyKinds>(StringComparer.Ordinal)
    {
        ["watchdog"] = MappingStrategyKinds.Watchdog,
        ["renew"] = MappingStrategyKinds.Renew,
        ["poll"] = MappingStrategyKinds.Poll,
        ["events"] = MappingStrategyKinds.Events,
    };

    /// <summary>The device kinds in kebab case (<c>set-top-box</c>).</summary>
    public static IReadOnlyDictionary<string, DeviceKind> DeviceKinds { get; } =
        Enum.GetValues<DeviceKind>().ToDictionary(FormatKind, k => k, StringComparer.Ordinal);

    /// <summary>A device kind as the format writes it (<c>ip-camera</c>).</summary>
    public static string FormatKind(DeviceKind kind) => JsonNamingPolicy.KebabCaseLower.ConvertName(kind.ToString());

    /// <summary>A strategy as the format writes it (<c>watchdog+events</c>, <c>none</c>).</summary>
    public static string FormatStrategy(MappingStrategyKinds kinds) =>
        kinds == MappingStrategyKinds.None
            ? NoStrategy
            : string.Join('+', StrategyNames.Where(n => kinds.HasFlag(n.Value)).Select(n => n.Key));

    /// <summary>Parses <c>watchdog+events</c>; on failure <paramref name="problem"/> says why, with a suggestion when one is near.</summary>
    /// <param name="text">The strategy text.</param>
    /// <param name="kinds">The strategies.</param>
    /// <param name="problem">Why the text is not a strategy, or null.</param>
    /// <param name="commandLine">
    /// The command line's form: names in any case, joined by <c>+</c> or by <c>,</c> (the older form, kept as an alias),
    /// empty names skipped.
    /// </param>
    public static bool TryParseStrategy(string text, out MappingStrategyKinds kinds, out string? problem, bool commandLine = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        kinds = MappingStrategyKinds.None;
        problem = null;
        var comparison = commandLine ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        if (string.Equals(commandLine ? text.Trim() : text, NoStrategy, comparison))
        {
            return true;
        }

        var parts = commandLine ? text.Split(CommandLineSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : text.Split('+');
        foreach (var part in parts)
        {
            var name = commandLine ? part.ToLowerInvariant() : part.Trim();
            if (name == NoStrategy)
            {
                problem = $"'none' (map once) cannot be combined with other strategies in '{text}'";
                return false;
            }

            if (!StrategyNames.TryGetValue(name, out var kind))
            {
                var known = StrategyNames.Keys.Append(NoStrategy).ToList();
                var within = string.Equals(name, text, comparison) ? "" : $" in '{text}'";
                problem = $"unknown strategy '{name}'{within}{NameSuggester.Hint(name, known)}";
                return false;
            }

            if (kinds.HasFlag(kind))
            {
                problem = $"'{name}' appears twice in '{text}'";
                return false;
            }

            kinds |= kind;
        }

        return true;
    }
}
