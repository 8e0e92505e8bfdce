using IgdLab.Emulator.Reports;
using IgdLab.Emulator.Timeline;
using IgdLab.Igd.Faults;

namespace IgdLab.Emulator.Running;

/// <summary>One <see cref="GatewayTimeline"/> per gateway of a run, from the typed timeline.</summary>
internal static class GatewayTimelines
{
    private static readonly string RebootName = GatewayFaultNames.NameOf(typeof(Reboot));
    private static readonly string DisableUpnpName = GatewayFaultNames.NameOf(typeof(DisableUpnp));
    private static readonly string PartitionName = GatewayFaultNames.NameOf(typeof(Partition));

    /// <summary>
    /// The timelines of <paramref name="gateways"/>: a downtime from a reboot's start to its completion, from UPnP
    /// off to on, from a partition without <c>for</c> to heal-partition, and for a fault with <c>for</c> from its
    /// injection to its clearing (open when the end did not come);
    /// the device mappings it removed and added; its WAN changes.
    /// </summary>
    public static IReadOnlyList<GatewayTimeline> From(IEnumerable<string> gateways, IReadOnlyList<TimelineEvent> timeline)
    {
        ArgumentNullException.ThrowIfNull(gateways);
        ArgumentNullException.ThrowIfNull(timeline);
        return [.. gateways.Select(gateway => Of(gateway, [.. timeline.Where(e => e.Gateway == gateway)]))];
    }

    private static GatewayTimeline Of(string gateway, IReadOnlyList<TimelineEvent> events)
    {
        var downtimes = new List<GatewayDowntime>();
        TimeSpan? rebooting = null, upnpOff = null, cut = null;
        var lasting = new List<(FaultInjected Fault, TimeSpan? End)>();
        foreach (var entry in events)
        {
            switch (entry)
            {
                case RebootStarted:
                    rebooting ??= entry.At;
                    break;
                case RebootCompleted when rebooting is { } start:
                    downtimes.Add(new GatewayDowntime(start, entry.At, RebootName));
                    rebooting = null;
                    break;
                case UpnpDisabled:
                    upnpOff ??= entry.At;
                    break;
                case UpnpEnabled when upnpOff is { } start:
                    downtimes.Add(new GatewayDowntime(start, entry.At, DisableUpnpName));
                    upnpOff = null;
                    break;
                case FaultInjected injected when injected.Planned.Fault.For is not null:
                    lasting.Add((injected, null));
                    break;
                case FaultInjected { Planned.Fault.Fault: Partition }:
                    cut ??= entry.At;
                    break;
                case FaultInjected { Planned.Fault.Fault: HealPartition } when cut is { } start:
                    downtimes.Add(new GatewayDowntime(start, entry.At, PartitionName));
                    cut = null;
                    break;
                case FaultCleared cleared:
                    var open = lasting.FindIndex(l => l.End is null && ReferenceEquals(l.Fault.Planned.Fault, cleared.Fault));
                    if (open >= 0)
                    {
                        lasting[open] = (lasting[open].Fault, cleared.At);
                    }

                    break;
            }
        }

        downtimes.AddRange(lasting.Select(l => new GatewayDowntime(l.Fault.At, l.End, l.Fault.Planned.Fault.Action)));
        if (rebooting is { } rebootStart)
        {
            downtimes.Add(new GatewayDowntime(rebootStart, null, RebootName));
        }

        if (upnpOff is { } offStart)
        {
            downtimes.Add(new GatewayDowntime(offStart, null, DisableUpnpName));
        }

        if (cut is { } cutStart)
        {
            downtimes.Add(new GatewayDowntime(cutStart, null, PartitionName));
        }

        return new GatewayTimeline
        {
            Gateway = gateway,
            Downtimes = [.. downtimes.OrderBy(d => d.Start)],
            MappingsRemoved = [.. events.OfType<MappingRemoved>().Where(e => e.Device is not null).Select(e => e.At)],
            MappingsAdded = [.. events.OfType<MappingAdded>().Where(e => e.Device is not null).Select(e => e.At)],
            WanChanges = [.. events.OfType<WanAddressChanged>().Select(e => e.At)],
        };
    }
}
