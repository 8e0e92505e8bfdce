using IgdLab.Emulator.Timeline;
using IgdLab.Igd.Faults;

namespace IgdLab.Emulator.Measuring;

/// <summary>
/// When each gateway answered again after a downtime — a reboot completed, UPnP switched back on, a SOAP error or delay
/// burst or a partition with a <c>for</c> ended, heal-partition — and how long each incident that downtime held up took to be restored after it.
/// </summary>
/// <remarks>
/// Remap latency counts from the fault, so after a 5 s reboot it holds the 5 s the router was away; restore after
/// return counts from the moment the router answered again and shows what the device and watchdog themselves took.
/// An incident is held up by a downtime when its gateway returned between the incident's start and its restoration
/// (or the end, when it was never restored); the latest such return counts.
/// </remarks>
public sealed class GatewayReturns
{
    private readonly Dictionary<string, List<TimeSpan>> _byGateway;

    /// <summary>Collects the returns of <paramref name="returns"/> (gateway, scenario time).</summary>
    public GatewayReturns(IEnumerable<(string Gateway, TimeSpan At)> returns)
    {
        ArgumentNullException.ThrowIfNull(returns);
        _byGateway = returns
            .GroupBy(r => r.Gateway, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(r => r.At).Order().ToList(), StringComparer.Ordinal);
    }

    /// <summary>The returns found in a run's timeline: reboots completed, UPnP enabled, lasting faults cleared, partitions healed.</summary>
    public static GatewayReturns From(IEnumerable<TimelineEvent> timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        return new GatewayReturns(timeline
            .Where(e => e.Gateway is not null && e is RebootCompleted or UpnpEnabled or FaultCleared or FaultInjected { Planned.Fault.Fault: HealPartition })
            .Select(e => (e.Gateway!, e.At)));
    }

    /// <summary>The latest return of <paramref name="gateway"/> from <paramref name="start"/> to <paramref name="end"/>; null when none.</summary>
    public TimeSpan? LastReturn(string gateway, TimeSpan start, TimeSpan end)
    {
        TimeSpan? last = null;
        foreach (var at in _byGateway.GetValueOrDefault(gateway) ?? [])
        {
            if (at >= start && at <= end)
            {
                last = at;
            }
        }

        return last;
    }

    /// <summary>
    /// Restoration − return for every broken incident a return of its gateway held up; null (never) for one not
    /// restored by <paramref name="runEnd"/>. Incidents no downtime held up are left out: they have no return.
    /// </summary>
    /// <param name="incidents">The incidents; those not broken are skipped.</param>
    /// <param name="gatewayOf">The gateway of an incident's device.</param>
    /// <param name="runEnd">The end of the run.</param>
    public IReadOnlyList<TimeSpan?> RestoreLatencies(IEnumerable<Incident> incidents, Func<Incident, string?> gatewayOf, TimeSpan runEnd)
    {
        ArgumentNullException.ThrowIfNull(incidents);
        ArgumentNullException.ThrowIfNull(gatewayOf);
        var latencies = new List<TimeSpan?>();
        foreach (var incident in incidents.Where(i => i.Broken))
        {
            if (gatewayOf(incident) is { } gateway && LastReturn(gateway, incident.Start, incident.Restored ?? runEnd) is { } returned)
            {
                latencies.Add(incident.Restored - returned);
            }
        }

        return latencies;
    }
}
