namespace IgdLab.Emulator.Reports;

/// <summary>
/// One gateway's row of a timeline: its downtimes as bands (hatched to the end when it never answered again), the
/// device mappings it removed (red, below the middle) and added (green, above), and its WAN changes (diamonds).
/// </summary>
internal static class SvgGatewayRow
{
    private const int MaxLabelLength = 14;

    public static void Write(HtmlMarkup html, TimelineScale scale, GatewayTimeline gateway, double top, string hatch)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(gateway);
        var name = gateway.Gateway;
        var middle = top + (SvgTimeline.RowHeight / 2);
        html.Start("g", "gateway").Attribute("data-gateway", name);
        SvgTimeline.Background(html, "row gateway-row", top);
        html.Start("text", "gateway-label")
            .Attribute("x", SvgTimeline.PlotLeft - 8).Attribute("y", middle + 4).Attribute("text-anchor", "end")
            .Text("gateway " + SvgTimeline.Shorten(name, MaxLabelLength));
        SvgTimeline.Tooltip(html, $"gateway {name}: {CountText.Of(gateway.Downtimes.Count, "downtime")}, {CountText.Of(gateway.MappingsRemoved.Count, "mapping")} removed, {gateway.MappingsAdded.Count} added, {CountText.Of(gateway.WanChanges.Count, "WAN change")}");
        html.EndShape();

        foreach (var downtime in gateway.Downtimes.Where(d => d.Start <= scale.End && (d.End ?? scale.End) >= scale.Start))
        {
            SvgTimeline.StartSpan(html, scale, "downtime", downtime.Start, downtime.End, top + 2, SvgTimeline.RowHeight - 4, hatch);
            SvgTimeline.Tooltip(html, downtime.End is { } back
                ? $"{name}: {downtime.Cause} {FigureText.Duration(back - downtime.Start)} ({scale.Text(downtime.Start)} → back at {scale.Text(back)})"
                : $"{name}: {downtime.Cause} from {scale.Text(downtime.Start)}, not back by the end");
            html.EndShape();
        }

        foreach (var at in gateway.MappingsRemoved.Where(scale.Contains))
        {
            Tick(html, "gw-removed", scale.X(at), middle, middle + 7, $"{name}: a device mapping removed at {scale.Text(at)}");
        }

        foreach (var at in gateway.MappingsAdded.Where(scale.Contains))
        {
            Tick(html, "gw-added", scale.X(at), top + 2, middle, $"{name}: a device mapping added at {scale.Text(at)}");
        }

        foreach (var at in gateway.WanChanges.Where(scale.Contains))
        {
            var x = scale.X(at);
            html.Start("path", "wan-change")
                .Attribute("d", $"M{HtmlMarkup.Coordinate(x)},{HtmlMarkup.Coordinate(middle - 5)} l5,5 l-5,5 l-5,-5 z");
            SvgTimeline.Tooltip(html, $"{name}: WAN address changed at {scale.Text(at)}");
            html.EndShape();
        }

        html.EndShape();
    }

    private static void Tick(HtmlMarkup html, string cssClass, double x, double y1, double y2, string tooltip)
    {
        html.Start("line", cssClass).Attribute("x1", x).Attribute("y1", y1).Attribute("x2", x).Attribute("y2", y2);
        SvgTimeline.Tooltip(html, tooltip);
        html.EndShape();
    }
}
