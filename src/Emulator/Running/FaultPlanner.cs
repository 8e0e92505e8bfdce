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
            var devices = devicesByGateway.GetValueOrDefault(fault.Gateway) ?? [];
            foreach (var time in Firings(fault.Schedule, scenario.Duration))
            {
                // Both draws happen for every firing, so a probability change does not shift the jitter of later ones.
                var jitter = TimeSpan.FromTicks((long)(random.NextDouble() * fault.Schedule.Jitter.Ticks));
                var happens = random.NextDouble() < fault.Schedule.Probability;
                var targets = Targets(fault, devices, random);
                var at = time + jitter;
                if (happens && at < scenario.Duration)
                {
                    plan.Add(new PlannedFault(at, entry, fault, targets));
                }
            }
        }

        return [.. plan.OrderBy(p => p.At).ThenBy(p => p.Entry)];
    }

    private static IEnumerable<TimeSpan> Firings(FaultSchedule schedule, TimeSpan duration)
    {
        if (schedule.Every is not { } every || every <= TimeSpan.Zero)
        {
            yield return schedule.FirstFiring;
            yield break;
        }

        var until = schedule.Until ?? duration;
        var fired = 0;
        for (var time = schedule.FirstFiring; time < until && (schedule.Count is not { } count || fired < count); time += every)
        {
            fired++;
            yield return time;
        }
    }

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
