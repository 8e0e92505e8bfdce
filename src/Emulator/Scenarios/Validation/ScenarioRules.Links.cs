using IgdLab.Igd.Faults;

namespace IgdLab.Emulator.Scenarios.Validation;

/// <summary>
/// Impaired WAN links (<c>links:</c>) and partitions: only the simulated network carries a link IgdLab can slow, lose
/// or cut; each gateway's link is described once, by a gateway or group that exists, with values a link can have.
/// </summary>
internal sealed partial class ScenarioRules
{
    private const string LinkNeedsSimulated =
        "on network: sockets the WAN link is the kernel's loopback, which IgdLab cannot impair; write network: simulated";

    private void CheckLinks()
    {
        var simulated = scenario.Network == WorldNetwork.Simulated;
        if (!simulated && scenario.Links.Count > 0 && Bound(scenario, "network"))
        {
            Report(scenario, "", "links", $"impair gateways' WAN links, but {LinkNeedsSimulated}");
        }

        // Each member's link is described once: by its own entry or its group's, not both.
        var described = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < scenario.Links.Count; i++)
        {
            var link = scenario.Links[i];
            var path = $"links[{i}]";
            CheckGatewayReference(link, path, link.Gateway);
            CheckLinkValues(link, path);
            if (!Bound(link, "gateway"))
            {
                continue;
            }

            var members = scenario.GatewaysNamed(link.Gateway);
            if (members.FirstOrDefault(described.ContainsKey) is { } twice)
            {
                var first = described[twice];
                var line = map.Position(scenario.Links[first], "gateway");
                var at = line.IsKnown ? $" at line {line.Line}" : "";
                var who = twice == link.Gateway ? $"'{twice}'" : $"'{twice}' (of group '{link.Gateway}')";
                Report(link, path, "gateway", $"the link of {who} is already described by links[{first}]{at}; describe each gateway's link once");
            }

            foreach (var member in members)
            {
                described.TryAdd(member, i);
            }
        }
    }

    private void CheckLinkValues(ScenarioLink link, string path)
    {
        var impairment = link.Impairment;
        if (impairment.Latency < TimeSpan.Zero)
        {
            Report(link, path, "latency", $"must be 0 or more, not {Text(impairment.Latency)}");
        }

        if (impairment.Jitter < TimeSpan.Zero)
        {
            Report(link, path, "jitter", $"must be 0 or more, not {Text(impairment.Jitter)}");
        }

        if (Bound(link, "loss") && !(impairment.Loss is >= 0 and <= 100))
        {
            Report(link, path, "loss", $"must be a percentage from 0 to 100, not {Text(impairment.Loss)}");
        }
    }

    /// <summary>A partition (or its healing) cuts a WAN link, which only the simulated network has.</summary>
    private void CheckPartition(ScenarioFault fault, string path)
    {
        if (fault.Fault is not (Partition or HealPartition) || scenario.Network == WorldNetwork.Simulated || !Bound(scenario, "network"))
        {
            return;
        }

        Report(fault, path, "action", $"{fault.Action} cuts a gateway's WAN link, but {LinkNeedsSimulated}");
    }
}
