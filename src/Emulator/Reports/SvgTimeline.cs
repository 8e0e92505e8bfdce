namespace IgdLab.Emulator.Reports;

/// <summary>
/// Draws a <see cref="TimelineDrawing"/> as inline SVG: x = time, fault labels stacked in lanes on top so they never
/// overlap, then the rows (gateways, devices, headings) block by block with each block's fault lines across it, and
/// the time axis at the bottom. Every mark carries a <c>&lt;title&gt;</c> tooltip with the exact figures.
/// </summary>
internal static class SvgTimeline
{
    public const double Width = 1060;
    public const double PlotLeft = 160;
    public const double PlotWidth = 800;

    /// <summary>Where the rows begin when the fault labels need one lane; each further lane pushes them down by <see cref="SvgFaultMarks.LaneHeight"/>.</summary>
    public const double RowsTop = 26;

    public const double RowHeight = 18;

    /// <summary>More device rows than this make an unreadable picture; the rest are counted, and the JSON report has them all.</summary>
    public const int MaxRows = 60;

    private const double AxisHeight = 24;

    /// <summary>The scale of a scenario's whole timeline: its planned duration, stretched if anything happened later.</summary>
    public static TimelineScale ScaleFor(ScenarioReport scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return new TimelineScale(Latest(scenario), PlotLeft, PlotWidth);
    }

    /// <summary>The planned duration of <paramref name="scenario"/>, or the latest thing that happened when that was later.</summary>
    public static TimeSpan Latest(ScenarioReport scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var latest = scenario.Faults.Select(f => f.At)
            .Concat(scenario.Events.Select(e => e.At))
            .Concat(scenario.Devices.SelectMany(d => d.Outages.SelectMany(o => new[] { o.Start, o.End ?? TimeSpan.Zero })))
            .Concat(scenario.Devices.SelectMany(d => d.Instructions.Concat(d.Remaps.Select(r => r.At))))
            .Concat(scenario.Gateways.SelectMany(g => g.Downtimes.Select(d => d.End ?? d.Start)))
            .DefaultIfEmpty(TimeSpan.Zero)
            .Max();
        return latest > scenario.Duration ? latest : scenario.Duration;
    }

    /// <summary>
    /// At most <paramref name="max"/> devices, in their original order; when there are more, the ones QA needs to see
    /// win: never restored first, then the longest total outage.
    /// </summary>
    public static IReadOnlyList<DeviceTimeline> RowsToDraw(IReadOnlyList<DeviceTimeline> devices, int max = MaxRows)
    {
        ArgumentNullException.ThrowIfNull(devices);
        return devices.Count <= max
            ? devices
            : devices.Select((device, index) => (device, index))
                .OrderByDescending(row => row.device.Outages.Any(o => o.End is null))
                .ThenByDescending(row => row.device.Outages.Sum(o => ((o.End ?? o.Start) - o.Start).Ticks))
                .Take(max)
                .OrderBy(row => row.index)
                .Select(row => row.device)
                .ToArray();
    }

    /// <summary>The rows top of a drawing whose fault labels need <paramref name="lanes"/> lanes.</summary>
    public static double RowsTopFor(int lanes) => RowsTop + ((Math.Max(lanes, 1) - 1) * SvgFaultMarks.LaneHeight);

    public static void Write(HtmlMarkup html, TimelineDrawing drawing)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(drawing);
        var scale = drawing.Scale;
        var labels = SvgFaultMarks.Place(scale, drawing.LabelledFaults);
        var rowsTop = RowsTopFor(labels.Lanes);
        var rowsBottom = rowsTop + drawing.Blocks.Sum(b => b.Rows.Count) * RowHeight;
        var height = rowsBottom + AxisHeight;
        var hatch = drawing.Id + "-never";

        html.Xml.WriteStartElement("svg", HtmlMarkup.SvgNamespace);
        html.Attribute("class", "timeline " + drawing.Kind)
            .Attribute("id", drawing.Id)
            .Attribute("viewBox", $"0 0 {HtmlMarkup.Coordinate(Width)} {HtmlMarkup.Coordinate(height)}")
            .Attribute("width", Width).Attribute("height", height)
            .Attribute("role", "img")
            .Attribute("aria-label", drawing.Title);
        html.Element("title", drawing.Title);
        WriteHatch(html, hatch);
        WriteAxis(html, scale, rowsTop, rowsBottom);

        var y = rowsTop;
        var index = 0;
        foreach (var block in drawing.Blocks)
        {
            var blockTop = y;
            foreach (var row in block.Rows)
            {
                WriteRow(html, scale, row, y, index++, hatch);
                y += RowHeight;
            }

            SvgFaultMarks.WriteLines(html, scale, block.Faults, blockTop == rowsTop ? blockTop - 6 : blockTop, y);
        }

        SvgFaultMarks.WriteLabels(html, labels, rowsTop);
        html.EndShape();
    }

    private static void WriteRow(HtmlMarkup html, TimelineScale scale, TimelineRow row, double top, int index, string hatch)
    {
        switch (row)
        {
            case GatewayRow gateway:
                SvgGatewayRow.Write(html, scale, gateway.Gateway, top, hatch);
                break;
            case DeviceRow device:
                SvgDeviceRow.Write(html, scale, device, top, index, hatch);
                break;
            case HeadingRow heading:
                html.Start("g", "heading");
                Background(html, "row heading-row", top);
                Label(html, "heading-label", 8, top + (RowHeight / 2) + 4, heading.Text, "start");
                html.EndShape();
                break;
            case NoteRow note:
                Label(html, note.CssClass, PlotLeft + 8, top + (RowHeight / 2) + 4, note.Text, "start");
                break;
        }
    }

    private static void WriteHatch(HtmlMarkup html, string id)
    {
        // Never-ended stretches are hatched, not only darker: an inline style fills them, since the sheet would override a fill attribute.
        html.Start("defs");
        html.Start("pattern").Attribute("id", id).Attribute("patternUnits", "userSpaceOnUse")
            .Attribute("width", 6).Attribute("height", 6).Attribute("patternTransform", "rotate(45)");
        html.Start("rect", "hatch-ground").Attribute("width", 6).Attribute("height", 6).EndShape();
        Line(html, "hatch-stripe", 0, 0, 0, 6);
        html.EndShape().EndShape();
    }

    private static void WriteAxis(HtmlMarkup html, TimelineScale scale, double rowsTop, double rowsBottom)
    {
        html.Start("g", "axis");
        foreach (var tick in scale.Ticks())
        {
            var x = scale.X(tick);
            Line(html, "grid", x, rowsTop, x, rowsBottom + 4);
            Label(html, "tick", x, rowsBottom + 16, scale.TickText(tick), "middle");
        }

        Line(html, "baseline", scale.Left, rowsBottom, scale.Left + scale.Width, rowsBottom);
        html.EndShape();
    }

    /// <summary>A row's full-width background.</summary>
    public static void Background(HtmlMarkup html, string cssClass, double top) =>
        html.Start("rect", cssClass).Attribute("x", 0).Attribute("y", top).Attribute("width", Width).Attribute("height", RowHeight).EndShape();

    public static void Line(HtmlMarkup html, string cssClass, double x1, double y1, double x2, double y2) =>
        html.Start("line", cssClass).Attribute("x1", x1).Attribute("y1", y1).Attribute("x2", x2).Attribute("y2", y2).EndShape();

    public static void Label(HtmlMarkup html, string cssClass, double x, double y, string text, string anchor) =>
        html.Start("text", cssClass).Attribute("x", x).Attribute("y", y).Attribute("text-anchor", anchor).Text(text).EndShape();

    /// <summary>A mark's tooltip.</summary>
    public static void Tooltip(HtmlMarkup html, string text) => html.Element("title", text);

    /// <summary>
    /// Starts a bar of class <paramref name="kind"/> from <paramref name="start"/> to <paramref name="end"/>; one that
    /// never ended runs to the scale's end, is classed <c>open</c> too and filled with <paramref name="hatch"/>. The
    /// caller adds its tooltip and ends the shape.
    /// </summary>
    public static void StartSpan(HtmlMarkup html, TimelineScale scale, string kind, TimeSpan start, TimeSpan? end, double top, double height, string hatch)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(scale);
        var left = scale.X(start);
        var right = scale.X(end ?? scale.End);
        html.Start("rect", end is null ? kind + " open" : kind)
            .Attribute("x", left).Attribute("y", top)
            .Attribute("width", Math.Max(right - left, 1)).Attribute("height", height);
        if (end is null)
        {
            html.Attribute("style", $"fill: url(#{hatch})");
        }
    }

    /// <summary><paramref name="text"/> cut to <paramref name="max"/> characters with an ellipsis.</summary>
    public static string Shorten(string text, int max) => text.Length > max ? text[..(max - 1)] + "…" : text;
}
