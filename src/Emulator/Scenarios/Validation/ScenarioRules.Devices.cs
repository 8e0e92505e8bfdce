using System.Globalization;
using IgdLab.Device.Devices;
using IgdLab.Emulator.World;
using IgdLab.Igd.Faults;

namespace IgdLab.Emulator.Scenarios.Validation;

/// <summary>Listed devices, fleets, strategy settings, the watchdog and comparison variants.</summary>
internal sealed partial class ScenarioRules
{
    private static readonly (string Key, MappingStrategyKinds Kind)[] StrategySettingKeys =
    [
        ("renew", MappingStrategyKinds.Renew), ("poll", MappingStrategyKinds.Poll), ("events", MappingStrategyKinds.Events),
    ];

    private void CheckDevices()
    {
        if (Bound(scenario, "devices") && scenario.Devices.Count + scenario.Fleets.Count == 0)
        {
            Report(scenario, "", "devices", "at least one device (or a generate: N fleet) is needed");
        }

        var seen = new Dictionary<string, object>(StringComparer.Ordinal);
        for (var i = 0; i < scenario.Devices.Count; i++)
        {
            var device = scenario.Devices[i];
            var path = $"devices[{i}]";
            CheckId(device, path, device.Id, seen);
            CheckGatewayReference(device, path, device.Gateway);
            CheckSingleGateway(device, path, device.Gateway);
            CheckPort(device, path, "service.port", device.ServicePort);
            CheckPort(device, path, "externalPort", device.ExternalPort);
            CheckStrategy(device, path, device.Strategy, device.Settings, "device");
        }

        foreach (var fleet in scenario.Fleets)
        {
            var path = "devices[]";
            if (Bound(fleet, "generate") && (fleet.Count < 1 || fleet.Count > MaxFleetSize))
            {
                Report(fleet, path, "generate", $"must be from 1 to {MaxFleetSize} devices, not {fleet.Count}");
            }

            CheckGatewayReference(fleet, path, fleet.Gateway);
            CheckStrategy(fleet, path, fleet.Strategy, fleet.Settings, "fleet");
        }

        if (scenario.Fleets.All(f => f.Count >= 1 && f.Count <= MaxFleetSize))
        {
            CheckWorldSize();
        }
    }

    /// <summary>
    /// The world must fit the loopback addresses a world on its network can hold (<see cref="AddressPlan.MaxHostsOn"/>): every device,
    /// both sides of every gateway, the watchdog and the oracle, and each new WAN address a fault asks for.
    /// </summary>
    private void CheckWorldSize()
    {
        var devices = scenario.DeviceCount;
        var gateways = scenario.Gateways.Count;
        var wanChanges = scenario.Faults.Sum(WanAddressesTaken);
        var watchdogs = scenario.Watchdog.Enabled ? Math.Max(1, scenario.Watchdog.Instances) : 1;
        var hosts = devices + (2L * gateways) + 1 + watchdogs + wanChanges;
        var simulated = scenario.Network == WorldNetwork.Simulated;
        if (hosts > AddressPlan.MaxHostsOn(scenario.Network))
        {
            var limit = simulated
                ? $"a world on the simulated network holds at most {AddressPlan.MaxSimulatedHosts:N0} (127.64.0.0/10)"
                : $"a world on sockets holds at most {AddressPlan.MaxHosts:N0} (the 256 subnets of its process's /16; network: simulated holds {AddressPlan.MaxSimulatedHosts:N0})";
            Report(scenario, "", "devices", string.Create(CultureInfo.InvariantCulture,
                $"the world needs {hosts:N0} loopback addresses ({devices:N0} devices, {2 * gateways:N0} for the LAN and WAN sides of {gateways:N0} gateways, {1 + watchdogs} for the watchdog and the oracle, {wanChanges:N0} new WAN addresses for faults); {limit}"));
        }
    }

    /// <summary>
    /// How many new WAN addresses a fault takes over the run: one per firing of change-wan-ip or a reboot with newWanIp,
    /// unless it names the address, on each gateway of a group the firing hits.
    /// </summary>
    private long WanAddressesTaken(ScenarioFault fault)
    {
        var takesOne = fault.Fault switch
        {
            ChangeWanIp change => change.WanAddress is null,
            Reboot reboot => reboot.NewWanIp && reboot.WanAddress is null,
            _ => false,
        };
        if (!takesOne)
        {
            return 0;
        }

        // A percent out of range is reported on its own; it takes nothing here.
        if (fault.GatewayPercent is <= 0 or > 100)
        {
            return 0;
        }

        return (long)fault.GatewaysHit(Math.Max(1, GatewayCount(fault.Gateway))) * fault.Schedule.FiringCount(scenario.Duration);
    }

    /// <summary>A listed device sits behind one gateway: naming a group of several is a slip for one of its members.</summary>
    private void CheckSingleGateway(ScenarioDevice device, string path, string gateway)
    {
        if (!Bound(device, "gateway") || _gatewayIds.Contains(gateway) || !_groupNames.Contains(gateway))
        {
            return;
        }

        var members = scenario.GatewaysNamed(gateway);
        var near = NameSuggester.Suggest(gateway, members) ?? members[0];
        Report(device, path, "gateway", $"'{gateway}' is a group of {members.Count} gateways and a listed device sits behind one of them; did you mean '{near}'? (a generate: N fleet spreads over a group)");
    }

    private void CheckStrategy(object owner, string path, MappingStrategyKinds? strategy, StrategySettings settings, string what)
    {
        CheckPositive(owner, path, "lease", settings.Lease);
        if (map.IsWritten(owner, "renew.every"))
        {
            CheckPositive(owner, path, "renew.every", settings.Renew.Interval);
        }

        if (map.IsWritten(owner, "poll.every"))
        {
            CheckPositive(owner, path, "poll.every", settings.Poll.Interval);
        }

        if (map.IsWritten(owner, "events.retryDelay"))
        {
            CheckPositive(owner, path, "events.retryDelay", settings.Events.RetryDelay);
        }

        if (!Bound(owner, "strategy"))
        {
            return;
        }

        if (strategy is not { } kinds)
        {
            if (!scenario.Watchdog.Enabled)
            {
                Report(owner, path, "strategy", "a mixed fleet includes watchdog devices, but watchdog.enabled is false; give the fleet a strategy");
            }

            return;
        }

        foreach (var (key, kind) in StrategySettingKeys)
        {
            if (map.IsWritten(owner, key) && !kinds.HasFlag(kind))
            {
                Report(owner, path, key, $"settings for the {key} strategy, which this {what} does not use (strategy: {ScenarioVocabulary.FormatStrategy(kinds)})");
            }
        }

        if (!scenario.Watchdog.Enabled && kinds.HasFlag(MappingStrategyKinds.Watchdog))
        {
            Report(owner, path, "strategy", map.IsWritten(owner, "strategy")
                ? "uses the watchdog, but watchdog.enabled is false"
                : "uses the watchdog (the scenario's strategy, as it names none), but watchdog.enabled is false; give it a strategy");
        }
    }

    private void CheckWatchdog()
    {
        var watchdog = scenario.Watchdog;
        const string path = "watchdog";
        CheckPositive(watchdog, path, "probeInterval", watchdog.ProbeInterval);
        CheckPositive(watchdog, path, "probeTimeout", watchdog.ProbeTimeout);
        CheckAtLeast(watchdog, path, "timeoutConfirmations", watchdog.TimeoutConfirmations, 1);
        CheckAtLeast(watchdog, path, "maxConcurrentProbes", watchdog.MaxConcurrentProbes, 1);
        CheckAtLeast(watchdog, path, "instances", watchdog.Instances, 1);
        if (watchdog.Instances > 1 && watchdog.Registry != WatchdogRegistry.Postgres && Bound(watchdog, "registry"))
        {
            Report(watchdog, path, "instances", $"{watchdog.Instances} instances share one registry, which an in-memory one cannot be; add registry: postgres");
        }
        CheckPositive(scenario.Oracle, "oracle", "interval", scenario.Oracle.Interval);
        CheckPositive(scenario.Oracle, "oracle", "watchInterval", scenario.Oracle.WatchInterval);
    }

    private void CheckCompare()
    {
        if (scenario.Compare.Count == 1)
        {
            Report(scenario, "", "compare", "needs at least two variants to compare");
        }

        var names = new Dictionary<string, StrategyVariant>(StringComparer.Ordinal);
        for (var i = 0; i < scenario.Compare.Count; i++)
        {
            var variant = scenario.Compare[i];
            var path = $"compare[{i}]";
            if (Bound(variant, "name") && string.IsNullOrWhiteSpace(variant.Name))
            {
                Report(variant, path, "name", "must not be empty");
            }
            else if (Bound(variant, "name") && !names.TryAdd(variant.Name, variant))
            {
                Report(variant, path, "name", $"duplicate variant name '{variant.Name}' (first at line {map.Position(names[variant.Name], "name").Line})");
            }

            CheckStrategy(variant, path, variant.Strategy, variant.Settings, "variant");
        }
    }
}
