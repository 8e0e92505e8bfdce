using IgdLab.Igd.Faults;

namespace IgdLab.Emulator.Measuring;

/// <summary>
/// Turns a run's raw observations into incidents, outages and false remaps — the emulator's own verdict, computed
/// from its oracle's checks and never from the watchdog's self-report.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>An incident opens for each device a fault affected (at the fault's time) and for each mapping the gateway
/// removed on its own (at the removal's time). It is broken when a check that started within <see cref="Grace"/> of its
/// start fails, and restored at the first successful check after that failure. A failure later than that is not the
/// incident's doing: an outage the oracle missed must not turn into one that lasts until some unrelated failure.</item>
/// <item>Remap latency = restored − start; detection latency = the first detection at or after the start − start.</item>
/// <item>An outage is a continuous unreachable stretch: overlapping broken incidents of one device merge, and a failed
/// check that no cause explains opens one at that check.</item>
/// <item>A false remap is an instruction sent while no incident of the device was open and no check had failed
/// within <see cref="Grace"/> before it: the device was reachable and nothing had happened to it. The grace covers a
/// probe that was already under way when the device was restored.</item>
/// </list>
/// </remarks>
public sealed class IncidentAnalysis
{
    private IncidentAnalysis(IReadOnlyList<Incident> incidents, IReadOnlyList<Outage> outages, IReadOnlyList<DeviceAct> falseRemaps, TimeSpan grace)
    {
        Incidents = incidents;
        Outages = outages;
        FalseRemaps = falseRemaps;
        Grace = grace;
    }

    /// <summary>Every incident, in order of start.</summary>
    public IReadOnlyList<Incident> Incidents { get; }

    /// <summary>Every outage, in order of start.</summary>
    public IReadOnlyList<Outage> Outages { get; }

    /// <summary>The instructions judged false.</summary>
    public IReadOnlyList<DeviceAct> FalseRemaps { get; }

    /// <summary>The grace used for false remaps.</summary>
    public TimeSpan Grace { get; }

    /// <summary>Analyzes <paramref name="observations"/>.</summary>
    /// <param name="observations">What the run observed.</param>
    /// <param name="grace">How far back a failed check still excuses an instruction (typically probe interval + probe timeout).</param>
    public static IncidentAnalysis Analyze(RunObservations observations, TimeSpan grace)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var checks = observations.Checks
            .GroupBy(c => c.Device, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(c => c.At).ToList(), StringComparer.Ordinal);
        var detections = ByDevice(observations.Detections);
        var instructions = ByDevice(observations.Instructions);

        var incidents = new List<Incident>();
        for (var i = 0; i < observations.Faults.Count; i++)
        {
            var fault = observations.Faults[i];
            foreach (var device in fault.Affected.Distinct(StringComparer.Ordinal))
            {
                incidents.Add(Follow(device, fault.Fault, i, fault.At, grace, checks, detections, instructions));
            }
        }

        foreach (var breakage in observations.Breakages)
        {
            incidents.Add(Follow(breakage.Device, null, null, breakage.At, grace, checks, detections, instructions));
        }

        incidents.Sort((a, b) => a.Start.CompareTo(b.Start));
        var outages = MergeOutages(incidents, checks);
        var falseRemaps = observations.Instructions
            .Where(instruction => IsFalse(instruction, incidents, checks, grace))
            .OrderBy(instruction => instruction.At)
            .ToList();
        return new IncidentAnalysis(incidents, outages, falseRemaps, grace);
    }

    private static Dictionary<string, List<TimeSpan>> ByDevice(IEnumerable<DeviceAct> acts) =>
        acts.GroupBy(a => a.Device, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(a => a.At).Order().ToList(), StringComparer.Ordinal);

    private static Incident Follow(
        string device,
        GatewayFault? cause,
        int? faultIndex,
        TimeSpan start,
        TimeSpan window,
        Dictionary<string, List<CheckObservation>> checks,
        Dictionary<string, List<TimeSpan>> detections,
        Dictionary<string, List<TimeSpan>> instructions)
    {
        var deviceChecks = checks.GetValueOrDefault(device) ?? [];
        var firstFailure = deviceChecks.FirstOrDefault(c => c.At >= start && c.At <= start + window && !c.Reachable);
        TimeSpan? restored = firstFailure is null
            ? null
            : deviceChecks.FirstOrDefault(c => c.At > firstFailure.At && c.Reachable)?.At;
        var end = restored ?? TimeSpan.MaxValue;
        TimeSpan? detected = detections.GetValueOrDefault(device) is { } found && found.Any(t => t >= start && t <= end)
            ? found.First(t => t >= start && t <= end)
            : null;
        var sent = instructions.GetValueOrDefault(device)?.Count(t => t >= start && t <= end) ?? 0;
        return new Incident
        {
            Device = device,
            Fault = cause,
            FaultIndex = faultIndex,
            Start = start,
            FirstFailure = firstFailure?.At,
            Detected = detected,
            Restored = restored,
            Instructions = sent,
        };
    }

    private static List<Outage> MergeOutages(List<Incident> incidents, Dictionary<string, List<CheckObservation>> checks)
    {
        var outages = new List<Outage>();
        var brokenByDevice = incidents.Where(i => i.Broken).ToLookup(i => i.Device, StringComparer.Ordinal);
        foreach (var (device, deviceChecks) in checks)
        {
            var broken = brokenByDevice[device];
            Outage? open = null;
            var wasReachable = true;
            foreach (var check in deviceChecks)
            {
                if (!check.Reachable && wasReachable)
                {
                    // The earliest cause that this failure belongs to; a failure nothing explains starts at itself.
                    var cause = broken
                        .Where(i => i.Start <= check.At && i.FirstFailure <= check.At && (i.Restored is null || i.Restored > check.At))
                        .Select(i => (TimeSpan?)i.Start)
                        .Min();
                    open = new Outage(device, cause ?? check.At, null);
                }
                else if (check.Reachable && !wasReachable && open is not null)
                {
                    outages.Add(open with { End = check.At });
                    open = null;
                }

                wasReachable = check.Reachable;
            }

            if (open is not null)
            {
                outages.Add(open);
            }
        }

        outages.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : string.CompareOrdinal(a.Device, b.Device));
        return outages;
    }

    private static bool IsFalse(DeviceAct instruction, List<Incident> incidents, Dictionary<string, List<CheckObservation>> checks, TimeSpan grace)
    {
        var open = incidents.Any(i =>
            i.Device == instruction.Device
            && i.Start <= instruction.At
            && (i.Restored is null ? i.Broken || instruction.At - i.Start <= grace : instruction.At <= i.Restored + grace));
        if (open)
        {
            return false;
        }

        var recentFailure = checks.GetValueOrDefault(instruction.Device)?
            .Any(c => !c.Reachable && c.At <= instruction.At && instruction.At - c.At <= grace) ?? false;
        return !recentFailure;
    }
}
