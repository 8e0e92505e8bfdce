using IgdLab.Emulator.Scenarios;
using IgdLab.Igd.Faults;

namespace IgdLab.Emulator.Running;

/// <summary>
/// Expands a scenario's fault schedule into concrete firings: times (with jitter), whether each firing happens
/// (probability) and which devices a device-level action hits — all drawn from the seed, each entry from its own
/// stream, so the same seed always gives the same plan and editing one entry leaves the others' draws alone.
/// </summary>
public static class FaultPlanner
{
    /// <summary>Plans every firing of <paramref name="scenario"/>'s faults before its end, in time order.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="devicesByGateway">Every gateway's device ids, in a stable order.</param>
    /// <param name="seed">The run's seed.</param>
    public static IReadOnlyList<PlannedFault> Plan(Scenario scenario, IReadOnlyDictionary<string, IReadOnlyList<string>> devicesByGateway, int seed)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(devicesByGateway);
        var plan = new List<PlannedFault>();
        for (var entry = 0; entry < scenario.Faults.Count; entry++)
        {
            var fault = scenario.Faults[entry];
            var random = new Random(SeedStreams.Derive(seed, "faults", entry));
            if (scenario.Gateways.Any(g => g.Group == fault.Gateway))
            {
                PlanGroup(plan, scenario, entry, scenario.GatewaysNamed(fault.Gateway), devicesByGateway, random);
                continue;
            }

            var devices = devicesByGateway.GetValueOrDefault(fault.Gateway) ?? [];
            foreach (var time in fault.Schedule.Firings(scenario.Duration))
            {
                // Both draws happen for every firing, so a probability change does not shift the jitter of later ones.
                var jitter = Jitter(fault.Schedule, random);
                var happens = random.NextDouble() < fault.Schedule.Probability;
                var targets = Targets(fault, devices, random);
                var draw = fault.Prober is not null ? random.NextDouble() : 0;
                var at = time + jitter;
                if (happens && at < scenario.Duration)
                {
                    plan.Add(new PlannedFault(at, entry, fault, fault.Gateway, targets, draw));
                }
            }
        }

        return [.. plan.OrderBy(p => p.At).ThenBy(p => p.Entry)];
    }

    /// <summary>
    /// An entry naming a group: each firing happens or not as a whole, picks its gateways (a gateway-level action's
    /// percent) or its devices among the whole group's (a device-level action), and then fires on each gateway hit
    /// after a jitter of that gateway's own, in member order.
    /// </summary>
    private static void PlanGroup(
        List<PlannedFault> plan, Scenario scenario, int entry, IReadOnlyList<string> members,
        IReadOnlyDictionary<string, IReadOnlyList<string>> devicesByGateway, Random random)
    {
        var fault = scenario.Faults[entry];
        var union = members.SelectMany(m => devicesByGateway.GetValueOrDefault(m) ?? []).ToList();
        var gatewayOf = members.SelectMany(m => (devicesByGateway.GetValueOrDefault(m) ?? []).Select(d => (Device: d, Gateway: m)))
            .ToDictionary(p => p.Device, p => p.Gateway, StringComparer.Ordinal);
        foreach (var time in fault.Schedule.Firings(scenario.Duration))
        {
            var happens = random.NextDouble() < fault.Schedule.Probability;
            var hits = fault.Fault is MappingFault ? DeviceHits(fault, members, union, gatewayOf, random) : GatewayHits(fault, members, random);

            // One jitter per gateway hit, drawn whether or not the firing happens, so that probability shifts nothing.
            foreach (var (gateway, devices) in hits)
            {
                var at = time + Jitter(fault.Schedule, random);
                if (happens && at < scenario.Duration)
                {
                    plan.Add(new PlannedFault(at, entry, fault, gateway, devices));
                }
            }
        }
    }

    // The devices drawn from the whole group, split by the gateway each sits behind.
    private static List<(string Gateway, IReadOnlyList<string> Devices)> DeviceHits(
        ScenarioFault fault, IReadOnlyList<string> members, List<string> union, Dictionary<string, string> gatewayOf, Random random)
    {
        var targets = Targets(fault, union, random);
        var byGateway = targets.Where(gatewayOf.ContainsKey).ToLookup(d => gatewayOf[d], StringComparer.Ordinal);
        return [.. members.Where(byGateway.Contains).Select(m => (m, (IReadOnlyList<string>)[.. byGateway[m]]))];
    }

    // Every member, or percent of them (rounded up, at least one) drawn anew at each firing, in member order.
    private static List<(string Gateway, IReadOnlyList<string> Devices)> GatewayHits(ScenarioFault fault, IReadOnlyList<string> members, Random random)
    {
        if (fault.GatewayPercent is null)
        {
            return [.. members.Select(m => (m, (IReadOnlyList<string>)[]))];
        }

        var chosen = Shuffled(members, random).Take(fault.GatewaysHit(members.Count)).ToHashSet(StringComparer.Ordinal);
        return [.. members.Where(chosen.Contains).Select(m => (m, (IReadOnlyList<string>)[]))];
    }

    private static TimeSpan Jitter(FaultSchedule schedule, Random random) =>
        TimeSpan.FromTicks((long)(random.NextDouble() * schedule.Jitter.Ticks));

    private static IReadOnlyList<string> Targets(ScenarioFault fault, IReadOnlyList<string> devices, Random random)
    {
        if (fault.Fault is not MappingFault)
        {
            return [];
        }

        switch (fault.Target.Kind)
        {
            case FaultTargetKind.Device:
                return [fault.Target.DeviceId!];
            case FaultTargetKind.AllDevices:
                return devices;
            case FaultTargetKind.Percent:
                var count = (int)Math.Ceiling(devices.Count * (fault.Target.Percent ?? 0) / 100);
                return Shuffled(devices, random).Take(count).ToList();
            default:
                // The gateway as target of a device-level action means one random device, as the sketch in DESIGN.md has it.
                return devices.Count == 0 ? [] : [devices[random.Next(devices.Count)]];
        }
    }

    private static List<string> Shuffled(IReadOnlyList<string> devices, Random random)
    {
        var copy = devices.ToArray();
        random.Shuffle(copy);
        return [.. copy];
    }
}
