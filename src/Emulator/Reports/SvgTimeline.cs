using IgdLab.Emulator.Text;

namespace IgdLab.Emulator.Reports;

/// <summary>
/// Draws one scenario's timeline as inline SVG: x = scenario time, one row per device with its outages (red bars),
/// instructions (orange ticks) and reported remaps (green dots), and every fault as a vertical line across all rows.
/// Each mark carries a <c>&lt;title&gt;</c> tooltip with the exact figures.
/// </summary>
internal static class SvgTimeline
{
    public const double Width = 980;
    public const double PlotLeft = 160;
    public const double PlotWidth = 800;
    public const double RowsTop = 26;
    public const double RowHeight = 18;

    /// <summary>More rows than this make an unreadable picture; the rest are counted, and the JSON report has them all.</summary>
    public const int MaxRows = 60;

    private const double AxisHeight = 24;
    private const double BarHeight = 10;
    private const double MinFaultLabelGap = 70;
    private const int MaxLabelLength = 22;

    /// <summary>The scale a scenario's timeline is drawn with: its planned duration, stretched if anything happened later.</summary>
    public static TimelineScale ScaleFor(ScenarioReport scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var latest = scenario.Faults.Select(f => f.At)
            .Concat(scenario.Events.Select(e => e.At))
            .Concat(scenario.Devices.SelectMany(d => d.Outages.SelectMany(o => new[] { o.Start, o.End ?? TimeSpan.Zero })))
            .Concat(scenario.Devices.SelectMany(d => d.Instructions.Concat(d.Remaps)))
            .DefaultIfEmpty(TimeSpan.Zero)
            .Max();
        return new TimelineScale(latest > scenario.Duration ? latest : scenario.Duration, PlotLeft, PlotWidth);
    }

    public static void Write(HtmlMarkup html, ScenarioReport scenario)
    {
        ArgumentNullException.ThrowIfNull(html);
        var scale = ScaleFor(scenario);
        var drawn = RowsToDraw(scenario.Devices);
        var hidden = scenario.Devices.Count - drawn.Count;
        var rows = Math.Max(drawn.Count, 1) + (hidden > 0 ? 1 : 0);
        var rowsBottom = RowsTop + (rows * RowHeight);
        var height = rowsBottom + AxisHeight;

        html.Xml.WriteStartElement("svg", HtmlMarkup.SvgNamespace);
        html.Attribute("class", "timeline")
            .Attribute("viewBox", $"0 0 {HtmlMarkup.Coordinate(Width)} {HtmlMarkup.Coordinate(height)}")
            .Attribute("width", Width).Attribute("height", height)
            .Attribute("role", "img")
            .Attribute("aria-label", $"Timeline of {scenario.DisplayName}");
        html.Element("title", $"Timeline of {scenario.DisplayName}: {CountText.Of(scenario.Devices.Count, "device")}, {CountText.Of(scenario.Faults.Count, "fault")}");

        WriteAxis(html, scale, rowsBottom);
        for (var i = 0; i < drawn.Count; i++)
        {
            WriteDevice(html, scale, drawn[i], RowsTop + (i * RowHeight), i);
        }

        if (drawn.Count == 0)
        {
            Label(html, "empty", PlotLeft + 8, RowsTop + (RowHeight / 2), "no devices", "start");
        }

        if (hidden > 0)
        {
            Label(html, "more", PlotLeft + 8, rowsBottom - (RowHeight / 2), $"{CountText.Of(hidden, "more device")} not drawn (those with the shortest outages)", "start");
        }

        WriteFaults(html, scale, scenario.Faults, rowsBottom);
        html.EndShape();
    }

    /// <summary>
    /// At most <see cref="MaxRows"/> devices, in their original order; when there are more, the ones QA needs to see
    /// win: never restored first, then the longest total outage.
    /// </summary>
    public static IReadOnlyList<DeviceTimeline> RowsToDraw(IReadOnlyList<DeviceTimeline> devices)
    {
        ArgumentNullException.ThrowIfNull(devices);
        return devices.Count <= MaxRows
            ? devices
            : devices.Select((device, index) => (device, index))
                .OrderByDescending(row => row.device.Outages.Any(o => o.End is null))
                .ThenByDescending(row => row.device.Outages.Sum(o => ((o.End ?? o.Start) - o.Start).Ticks))
                .Take(MaxRows)
                .OrderBy(row => row.index)
                .Select(row => row.device)
                .ToArray();
    }

    private static void WriteAxis(HtmlMarkup html, TimelineScale scale, double rowsBottom)
    {
        html.Start("g", "axis");
        foreach (var tick in scale.Ticks())
        {
            var x = scale.X(tick);
            Line(html, "grid", x, RowsTop, x, rowsBottom + 4);
            Label(html, "tick", x, rowsBottom + 16, tick == TimeSpan.Zero ? "0" : DurationText.Humanize(tick), "middle");
        }

        Line(html, "baseline", scale.Left, rowsBottom, scale.Left + scale.Width, rowsBottom);
        html.EndShape();
    }

    private static void WriteDevice(HtmlMarkup html, TimelineScale scale, DeviceTimeline device, double top, int index)
    {
        var middle = top + (RowHeight / 2);
        html.Start("g", "device").Attribute("data-device", device.DeviceId);
        html.Start("rect", index % 2 == 0 ? "row" : "row odd")
            .Attribute("x", 0).Attribute("y", top).Attribute("width", Width).Attribute("height", RowHeight).EndShape();

        var label = device.DeviceId.Length > MaxLabelLength ? device.DeviceId[..(MaxLabelLength - 1)] + "…" : device.DeviceId;
        html.Start("text", "device-label")
            .Attribute("x", PlotLeft - 8).Attribute("y", middle + 4).Attribute("text-anchor", "end")
            .Text(label);
        html.Element("title", $"{device.DeviceId} · {device.Strategy}{(device.Gateway is null ? "" : $" · behind {device.Gateway}")}");
        html.EndShape();

        foreach (var outage in device.Outages)
        {
            var start = scale.X(outage.Start);
            var end = scale.X(outage.End ?? scale.End);
            var tooltip = outage.End is { } restored
                ? $"{device.DeviceId}: outage {FigureText.Duration(restored - outage.Start)} ({FigureText.Duration(outage.Start)} → {FigureText.Duration(restored)})"
                : $"{device.DeviceId}: outage from {FigureText.Duration(outage.Start)}, never restored";
            html.Start("rect", outage.End is null ? "outage open" : "outage")
                .Attribute("x", start).Attribute("y", middle - (BarHeight / 2))
                .Attribute("width", Math.Max(end - start, 1)).Attribute("height", BarHeight);
            html.Element("title", tooltip).EndShape();
        }

        foreach (var at in device.Instructions)
        {
            var x = scale.X(at);
            html.Start("path", "instruction")
                .Attribute("d", $"M{HtmlMarkup.Coordinate(x - 4)},{HtmlMarkup.Coordinate(top + 1)} h8 l-4,7 z");
            html.Element("title", $"{device.DeviceId}: instruction at {FigureText.Duration(at)}").EndShape();
        }

        foreach (var at in device.Remaps)
        {
            html.Start("circle", "remap")
                .Attribute("cx", scale.X(at)).Attribute("cy", middle).Attribute("r", 3.5);
            html.Element("title", $"{device.DeviceId}: remap reported at {FigureText.Duration(at)}").EndShape();
        }

        html.EndShape();
    }

    private static void WriteFaults(HtmlMarkup html, TimelineScale scale, IReadOnlyList<FaultRecord> faults, double rowsBottom)
    {
        var lastLabel = double.NegativeInfinity;
        foreach (var fault in faults)
        {
            var x = scale.X(fault.At);
            html.Start("g", "fault").Attribute("data-action", fault.Action);
            html.Element("title", Describe(fault));
            Line(html, "fault-line", x, RowsTop - 6, x, rowsBottom);

            // Dense schedules would pile labels on top of each other; the line and its tooltip still show every fault.
            if (x - lastLabel >= MinFaultLabelGap)
            {
                Label(html, "fault-label", x, RowsTop - 10, fault.Action, "middle");
                lastLabel = x;
            }

            html.EndShape();
        }
    }

    private static string Describe(FaultRecord fault)
    {
        var text = $"{FigureText.Duration(fault.At)}: {fault.Action}";
        if (fault.Gateway is not null)
        {
            text += $" on {fault.Gateway}";
        }

        if (fault.Devices.Count > 0)
        {
            text += $" → {string.Join(", ", fault.Devices.Take(10))}{(fault.Devices.Count > 10 ? $" and {fault.Devices.Count - 10} more" : "")}";
        }

        return fault.Detail is null ? text : $"{text} ({fault.Detail})";
    }

    private static void Line(HtmlMarkup html, string cssClass, double x1, double y1, double x2, double y2) =>
        html.Start("line", cssClass).Attribute("x1", x1).Attribute("y1", y1).Attribute("x2", x2).Attribute("y2", y2).EndShape();

    private static void Label(HtmlMarkup html, string cssClass, double x, double y, string text, string anchor) =>
        html.Start("text", cssClass).Attribute("x", x).Attribute("y", y).Attribute("text-anchor", anchor).Text(text).EndShape();
}
