using System.Net;
using IgdLab.Emulator.Reports;
using IgdLab.Emulator.Timeline;
using ReportOutage = IgdLab.Emulator.Reports.Outage;

namespace IgdLab.Emulator.Running;

/// <summary>
/// One <see cref="DeviceTimeline"/> per device of a run: its outages, instructions, incidents, and its mapping results
/// told apart by cause from the typed timeline.
/// </summary>
internal static class DeviceTimelines
{
    public static IReadOnlyList<DeviceTimeline> From(RunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var remaps = RemapsByDevice(run.Timeline);

        // Each list is split by device once, in its own order: a device scanning every list for its own entries made
        // 100,000 devices with 10,000 incidents a report of two minutes.
        var outages = run.Analysis.Outages.ToLookup(o => o.Device, StringComparer.Ordinal);
        var instructions = run.Observations.Instructions.ToLookup(i => i.Device, StringComparer.Ordinal);
        var incidents = run.Analysis.Incidents.Where(i => i.Broken).ToLookup(i => i.Device, StringComparer.Ordinal);
        return
        [
            .. run.Devices.Select(device => new DeviceTimeline
            {
                DeviceId = device.Id,
                Gateway = device.Gateway,
                Strategy = device.Strategy,
                Outages = [.. outages[device.Id].Select(o => new ReportOutage(o.Start, o.End))],
                Instructions = [.. instructions[device.Id].Select(i => i.At)],
                Remaps = remaps.GetValueOrDefault(device.Id) ?? [],
                Incidents = [.. incidents[device.Id].Select(i => new DeviceIncident(i.Start, i.FaultIndex, i.Detected, i.Restored, i.Instructions))],
            }),
        ];
    }

    /// <summary>
    /// Every device's mapping results (<see cref="DeviceMapped"/>) in time order, each with its cause: answering an
    /// instruction when the device's next report to the watchdog repeats an instruction id; otherwise its own remap
    /// when the gateway added an entry for it since its previous result or the mapping moved, else a renewal.
    /// </summary>
    public static IReadOnlyDictionary<string, List<DeviceRemap>> RemapsByDevice(IEnumerable<TimelineEvent> timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        var remaps = new Dictionary<string, List<DeviceRemap>>(StringComparer.Ordinal);
        var added = new HashSet<string>(StringComparer.Ordinal);
        var published = new Dictionary<string, (IPAddress? Address, int Port)>(StringComparer.Ordinal);
        foreach (var entry in timeline)
        {
            switch (entry)
            {
                case MappingAdded { Device: { } device }:
                    added.Add(device);
                    break;
                case DeviceMapped { Device: { } device } mapped:
                    var endpoint = (mapped.Result.ExternalAddress, mapped.Result.ExternalPort);
                    var moved = published.TryGetValue(device, out var before) && (!Equals(before.Address, endpoint.ExternalAddress) || before.Port != endpoint.ExternalPort);
                    var cause = added.Remove(device) || moved ? RemapCause.OwnRemap : RemapCause.Renewal;
                    published[device] = endpoint;
                    ListOf(remaps, device).Add(new DeviceRemap(mapped.At, cause));
                    break;
                case MappingReported { Device: { } device, Report.InstructionId: not null }
                    when remaps.TryGetValue(device, out var list) && list.Count > 0:
                    // The report answers an instruction with the device's latest mapping result: that remap was the answer.
                    list[^1] = list[^1] with { Cause = RemapCause.Instructed };
                    break;
            }
        }

        return remaps;
    }

    private static List<DeviceRemap> ListOf(Dictionary<string, List<DeviceRemap>> remaps, string device)
    {
        if (!remaps.TryGetValue(device, out var list))
        {
            list = [];
            remaps[device] = list;
        }

        return list;
    }
}
