using System.Globalization;

namespace IgdLab.Emulator.Reports;

/// <summary>
/// The per-device figures under a scenario's timeline: per device its incidents, how fast they were detected and
/// restored (the slowest; <c>never</c> when one was not), its outage time, and what it and the watchdog did. A fleet of
/// more than <see cref="MaxRows"/> lists those with the most trouble first and says how many it left out.
/// </summary>
internal static class HtmlDeviceTable
{
    /// <summary>Up to this many devices the table is open; a bigger fleet's is folded.</summary>
    public const int OpenUpTo = 20;

    /// <summary>The most device lines; the JSON report has every device.</summary>
    public const int MaxRows = 200;

    public static void Write(HtmlMarkup html, ScenarioReport scenario)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(scenario);
        if (scenario.Devices.Count == 0)
        {
            return;
        }

        var end = SvgTimeline.Latest(scenario);
        var broken = scenario.Devices.Count(d => d.Incidents.Count > 0);
        html.Start("details", "devices");
        if (scenario.Devices.Count <= OpenUpTo)
        {
            html.Attribute("open", "open");
        }

        html.Element("summary", $"Per device: {CountText.Of(scenario.Devices.Count, "device")}, {broken} broken at least once");
        html.Start("table", "devices");
        html.Row(
            ["device", "gateway", "strategy", "incidents", "unrestored", "detect max", "remap max", "outage", "instructions", "remaps instructed", "own remaps", "renewals"],
            "th",
            numbersFrom: 3);
        foreach (var device in RowsToList(scenario.Devices))
        {
            var unrestored = device.Incidents.Count(i => i.Restored is null);
            var remap = LatencySummary.Of(device.Incidents.Select(i => i.RemapLatency));
            var detection = LatencySummary.Of(device.Incidents.Select(i => i.DetectionLatency));
            var outage = device.Outages.Aggregate(TimeSpan.Zero, (sum, o) => sum + ((o.End ?? end) - o.Start));
            html.Start("tr", unrestored > 0 ? "failed" : null).Attribute("data-device", device.DeviceId);
            html.Element("td", device.DeviceId);
            html.Element("td", device.Gateway ?? FigureText.None);
            html.Element("td", device.Strategy);
            html.Element("td", Count(device.Incidents.Count), "number");
            html.Element("td", Count(unrestored), "number");
            html.Element("td", FigureText.Percentile(detection, l => l.Max), "number");
            html.Element("td", FigureText.Percentile(remap, l => l.Max), "number");
            html.Element("td", device.Outages.Count == 0 ? FigureText.None : FigureText.Duration(outage), "number");
            html.Element("td", Count(device.Instructions.Count), "number");
            html.Element("td", Count(device.Remaps.Count(r => r.Cause == RemapCause.Instructed)), "number");
            html.Element("td", Count(device.Remaps.Count(r => r.Cause == RemapCause.OwnRemap)), "number");
            html.Element("td", Count(device.Remaps.Count(r => r.Cause == RemapCause.Renewal)), "number");
            html.End();
        }

        html.End();
        if (scenario.Devices.Count > MaxRows)
        {
            html.Element("p", $"{CountText.Of(scenario.Devices.Count - MaxRows, "more device")} left out of this table (those with the shortest outages); the JSON report (--json) has every device.", "description");
        }

        html.End();
    }

    /// <summary>Every device in its order; beyond <see cref="MaxRows"/>, the never restored, then the most incidents, then the longest outages.</summary>
    private static IEnumerable<DeviceTimeline> RowsToList(IReadOnlyList<DeviceTimeline> devices) =>
        devices.Count <= MaxRows
            ? devices
            : devices.OrderByDescending(d => d.Incidents.Count(i => i.Restored is null))
                .ThenByDescending(d => d.Incidents.Count)
                .ThenByDescending(d => d.Outages.Sum(o => ((o.End ?? o.Start) - o.Start).Ticks))
                .Take(MaxRows);

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
}
