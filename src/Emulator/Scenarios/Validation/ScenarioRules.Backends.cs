using IgdLab.Emulator.World.Namespaces;
using IgdLab.Igd.Faults;

namespace IgdLab.Emulator.Scenarios.Validation;

/// <summary>
/// What a real miniupnpd gateway can be asked: a profile it can be configured to follow, and only the faults that a
/// daemon in a namespace can be put through (its table, its WAN address, its process) — never the virtual router's
/// made-up misbehaviours (SOAP errors and delays, zombies, protocol toggles).
/// </summary>
internal sealed partial class ScenarioRules
{
    private const string MiniupnpdName = "miniupnpd";

    private void CheckBackends()
    {
        CheckBackendList();
        var onMiniupnpd = scenario.Backends.Contains(GatewayBackend.Miniupnpd);
        var simulated = scenario.Network == WorldNetwork.Simulated;
        if (simulated && onMiniupnpd)
        {
            Report(scenario, "", "backends", $"lists {MiniupnpdName}, which cannot live on network: simulated (a real daemon talks through the kernel); use network: sockets");
        }

        for (var i = 0; i < scenario.Gateways.Count; i++)
        {
            var gateway = scenario.Gateways[i];
            if (gateway.Backend != GatewayBackend.Miniupnpd && !onMiniupnpd)
            {
                continue;
            }

            var path = $"gateways[{i}]";
            var key = onMiniupnpd ? null : "backend";
            if (gateway.Group is { } group)
            {
                // A group's members share one entry: one message for the group, at its backend (or its entry).
                if (i == 0 || scenario.Gateways[i - 1].Group != group)
                {
                    Report(gateway, path, onMiniupnpd ? "count" : "backend",
                        $"group '{group}' of {GatewayCount(group)} gateways cannot be played by {MiniupnpdName} for now: the namespace backend builds one router per world");
                }

                continue;
            }

            if (simulated && !onMiniupnpd)
            {
                Report(gateway, path, "backend", $"{MiniupnpdName} cannot live on network: simulated (a real daemon talks through the kernel); use network: sockets or backend: virtual");
            }

            if (scenario.Gateways.Count > 1)
            {
                // The watchdog and the oracle live on the real router's WAN host, so no second gateway can reach them.
                Report(gateway, path, key, $"a gateway played by {MiniupnpdName} must be the scenario's only gateway for now");
            }

            foreach (var problem in MiniupnpdSettings.Unsupported(gateway.Profile))
            {
                Report(gateway, path, "profile", $"backend {MiniupnpdName} cannot follow profile '{gateway.ProfileReference}': {problem}");
            }
        }

        var miniupnpd = scenario.Gateways.Where(g => onMiniupnpd || g.Backend == GatewayBackend.Miniupnpd).Select(g => g.Id).ToHashSet(StringComparer.Ordinal);
        if (miniupnpd.Count == 0)
        {
            return;
        }

        if (scenario.Watchdog is { Enabled: true, Registry: WatchdogRegistry.Postgres })
        {
            // The watchdog lives in the real router's outside namespace, where the host's database server is not.
            Report(scenario.Watchdog, "watchdog", "registry", $"postgres cannot be reached from the outside namespace of a gateway played by {MiniupnpdName}; use backend: virtual");
        }

        for (var i = 0; i < scenario.Faults.Count; i++)
        {
            var fault = scenario.Faults[i];
            if (fault.Fault is { } kind && miniupnpd.Contains(fault.Gateway))
            {
                CheckMiniupnpdFault(fault, $"faults[{i}]", kind);
            }
        }
    }

    // backends: lists each backend once, and then decides for every gateway: a gateway's own backend: would contradict it.
    private void CheckBackendList()
    {
        if (scenario.Backends.Count == 0)
        {
            return;
        }

        var repeated = scenario.Backends.GroupBy(b => b).Where(g => g.Count() > 1).Select(g => ScenarioVocabulary.NameOf(g.Key)).ToList();
        if (repeated.Count > 0)
        {
            Report(scenario, "", "backends", $"lists {string.Join(", ", repeated)} more than once; each backend is one run");
        }

        for (var i = 0; i < scenario.Gateways.Count; i++)
        {
            if (map.IsWritten(scenario.Gateways[i], "backend"))
            {
                Report(scenario.Gateways[i], $"gateways[{i}]", "backend", "the scenario's backends: already says what plays every gateway; remove one of the two");
            }
        }
    }

    private void CheckMiniupnpdFault(ScenarioFault fault, string path, GatewayFault kind)
    {
        var prefix = $"gateway '{fault.Gateway}' uses backend {MiniupnpdName}";
        if (!ScenarioVocabulary.MiniupnpdFaultActions.Contains(kind.Name, StringComparer.Ordinal))
        {
            Report(fault, path, "action", $"{prefix}, which cannot play '{kind.Name}' (a real daemon has no such fault); "
                + $"it takes {string.Join(", ", ScenarioVocabulary.MiniupnpdFaultActions)}, or use backend: virtual");
            return;
        }

        if (kind is ChangeWanIp { WanAddress: not null } or Reboot { WanAddress: not null })
        {
            Report(fault, path, "wanAddress", $"{prefix}, whose new WAN address is the next one of its own namespace; leave wanAddress out");
        }

        if (kind is Reboot { NewHttpPort: not null })
        {
            Report(fault, path, "newHttpPort", $"{prefix}, whose HTTP port follows the profile's reboot.newHttpPort; leave newHttpPort out");
        }
    }
}
