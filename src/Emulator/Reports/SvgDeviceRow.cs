namespace IgdLab.Emulator.Reports;

/// <summary>
/// One device's row of a timeline: its outages (red bars; hatched to the end when never restored), the watchdog's
/// instructions (orange triangles), and its mapping results by cause — answering an instruction (green dot), its own
/// remap (green ring), a routine renewal (grey tick) — with its id on the left and its strategy on the right.
/// </summary>
internal static class SvgDeviceRow
{
    public const double BarHeight = 10;
    private const int MaxLabelLength = 22;

    public static void Write(HtmlMarkup html, TimelineScale scale, DeviceRow row, double top, int index, string hatch)
    {
        ArgumentNullException.ThrowIfNull(html);
        var device = row.Device;
        var id = device.DeviceId;
        var middle = top + (SvgTimeline.RowHeight / 2);
        html.Start("g", "device").Attribute("data-device", id);
        SvgTimeline.Background(html, index % 2 == 0 ? "row" : "row odd", top);

        html.Start("text", "device-label")
            .Attribute("x", SvgTimeline.PlotLeft - 8).Attribute("y", middle + 4).Attribute("text-anchor", "end")
            .Text(SvgTimeline.Shorten(id, MaxLabelLength));
        SvgTimeline.Tooltip(html, $"{id} · {device.Strategy}{(device.Gateway is null ? "" : $" · behind {device.Gateway}")}");
        html.EndShape();
        SvgTimeline.Label(html, "strategy", SvgTimeline.PlotLeft + SvgTimeline.PlotWidth + 8, middle + 4, SvgTimeline.Shorten(device.Strategy, 14), "start");

        foreach (var outage in device.Outages.Where(o => o.Start <= scale.End && (o.End ?? scale.End) >= scale.Start))
        {
            WriteOutage(html, scale, id, outage, middle, hatch);
        }

        if (row.ShowDetections)
        {
            foreach (var at in device.Incidents.Select(i => i.Detected).OfType<TimeSpan>().Where(scale.Contains))
            {
                var x = scale.X(at);
                html.Start("path", "detected")
                    .Attribute("d", $"M{HtmlMarkup.Coordinate(x)},{HtmlMarkup.Coordinate(top + SvgTimeline.RowHeight - 1)} l-4,-6 h8 z");
                SvgTimeline.Tooltip(html, $"{id}: failure detected at {scale.Text(at)}");
                html.EndShape();
            }
        }

        foreach (var at in device.Instructions.Where(scale.Contains))
        {
            var x = scale.X(at);
            html.Start("path", "instruction")
                .Attribute("d", $"M{HtmlMarkup.Coordinate(x - 4)},{HtmlMarkup.Coordinate(top + 1)} h8 l-4,7 z");
            SvgTimeline.Tooltip(html, $"{id}: instruction at {scale.Text(at)}");
            html.EndShape();
        }

        foreach (var remap in device.Remaps.Where(r => scale.Contains(r.At)))
        {
            WriteRemap(html, scale, id, remap, top, middle);
        }

        html.EndShape();
    }

    private static void WriteOutage(HtmlMarkup html, TimelineScale scale, string id, Outage outage, double middle, string hatch)
    {
        SvgTimeline.StartSpan(html, scale, "outage", outage.Start, outage.End, middle - (BarHeight / 2), BarHeight, hatch);
        SvgTimeline.Tooltip(html, outage.End is { } restored
            ? $"{id}: outage {FigureText.Duration(restored - outage.Start)} ({scale.Text(outage.Start)} → {scale.Text(restored)})"
            : $"{id}: outage from {scale.Text(outage.Start)}, never restored");
        html.EndShape();
    }

    private static void WriteRemap(HtmlMarkup html, TimelineScale scale, string id, DeviceRemap remap, double top, double middle)
    {
        var x = scale.X(remap.At);
        var at = scale.Text(remap.At);
        switch (remap.Cause)
        {
            case RemapCause.Renewal:
                html.Start("line", "remap renewal")
                    .Attribute("x1", x).Attribute("y1", top + 4).Attribute("x2", x).Attribute("y2", top + SvgTimeline.RowHeight - 4);
                SvgTimeline.Tooltip(html, $"{id}: renewed its unchanged mapping at {at}");
                html.EndShape();
                break;
            default:
                html.Start("circle", remap.Cause == RemapCause.Instructed ? "remap instructed" : "remap own")
                    .Attribute("cx", x).Attribute("cy", middle).Attribute("r", 3.5);
                SvgTimeline.Tooltip(html, remap.Cause == RemapCause.Instructed
                    ? $"{id}: remapped as instructed at {at}"
                    : $"{id}: remapped on its own at {at}");
                html.EndShape();
                break;
        }
    }
}
