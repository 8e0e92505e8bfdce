using System.Globalization;

namespace IgdLab.Emulator.Reports;

/// <summary>
/// The per-device figures under a scenario's timeline: per device its incidents, how fast they were detected and
/// restored (the slowest; <c>never</c> when one was not), its outage time, and what it and the watchdog did.
/// </summary>
internal static class HtmlDeviceTable
{
    /// <summary>Up to this many devices the table is open; a bigger fleet's is folded.</summary>
    public const int OpenUpTo = 20;

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
        foreach (var device in scenario.Devices)
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

        html.End().End();
    }

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
}
