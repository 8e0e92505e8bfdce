namespace IgdLab.Emulator.Reports;

/// <summary>The timeline drawings of the HTML report: a scenario's whole run, a close-up around a fault, and the variants of a comparison stacked.</summary>
internal static class TimelineDrawings
{
    /// <summary>Device rows of one fault's close-up.</summary>
    public const int MaxZoomRows = 20;

    /// <summary>Device rows of one variant in a stacked comparison.</summary>
    public const int MaxVariantRows = 12;

    /// <summary>Gateway rows of one drawing; a world of a hundred homes draws those that went through most.</summary>
    public const int MaxGatewayRows = 20;

    /// <summary>The whole run: the gateways, then every device (up to <see cref="SvgTimeline.MaxRows"/>), every fault.</summary>
    public static TimelineDrawing Whole(ScenarioReport scenario, string id)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var rows = GatewayRows(scenario.Gateways, scenario.Faults);
        rows.AddRange(DeviceRows(scenario.Devices, SvgTimeline.MaxRows, showDetections: false, "device", "not drawn (those with the shortest outages); the JSON report has every device"));
        if (scenario.Devices.Count == 0)
        {
            rows.Add(new NoteRow("no devices", "empty"));
        }

        return new TimelineDrawing(
            id,
            $"Timeline of {scenario.DisplayName}: {CountText.Of(scenario.Devices.Count, "device")}, {CountText.Of(scenario.Faults.Count, "fault")}",
            SvgTimeline.ScaleFor(scenario),
            [new TimelineBlock(rows, scenario.Faults)],
            scenario.Faults,
            "whole");
    }

    /// <summary>A close-up: the faults' gateways and the devices they affected, times relative to the first fault.</summary>
    public static TimelineDrawing Zoom(ScenarioReport scenario, FaultWindow window, string id)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(window);
        var faults = window.Faults.Select(i => scenario.Faults[i]).ToList();
        var origin = faults[0].At;
        var gateways = faults.Select(f => f.Gateway).ToHashSet(StringComparer.Ordinal);
        var affected = faults.SelectMany(f => f.Devices).ToHashSet(StringComparer.Ordinal);
        var rows = GatewayRows([.. scenario.Gateways.Where(g => gateways.Contains(g.Gateway))], faults);
        var devices = scenario.Devices.Where(d => affected.Contains(d.DeviceId)).ToList();
        rows.AddRange(DeviceRows(devices, MaxZoomRows, showDetections: true, "affected device", "not drawn (those with the shortest outages)"));
        if (devices.Count == 0)
        {
            rows.Add(new NoteRow("no device affected", "empty"));
        }

        var scale = new TimelineScale(window.Start, window.End, SvgTimeline.PlotLeft, SvgTimeline.PlotWidth, origin);
        var names = string.Join(", ", faults.Select(f => f.Action));
        return new TimelineDrawing(
            id,
            $"Close-up of {names} at {FigureText.Duration(origin)} in {scenario.DisplayName}, times relative to the fault",
            scale,
            [new TimelineBlock(rows, scenario.Faults)],
            scenario.Faults,
            "zoom");
    }

    /// <summary>The variants of a comparison on one time axis: a heading and the devices per variant, the first variant's fault labels on top.</summary>
    public static TimelineDrawing Compared(ComparedScenario compared, string id)
    {
        ArgumentNullException.ThrowIfNull(compared);
        var end = compared.Variants.Select(SvgTimeline.Latest).DefaultIfEmpty(TimeSpan.FromSeconds(1)).Max();
        var blocks = compared.Variants.Select(variant =>
        {
            var rows = new List<TimelineRow> { new HeadingRow($"{ComparedScenario.RowName(variant)} · {FigureText.Verdict(variant.Verdict)} · unrestored {FigureText.Unrestored(variant.Figures)}, remap p95 {FigureText.Percentile(variant.Figures.RemapLatency, l => l.P95)}") };
            rows.AddRange(DeviceRows(variant.Devices, MaxVariantRows, showDetections: false, "device", "not drawn"));
            return new TimelineBlock(rows, variant.Faults);
        }).ToList();
        return new TimelineDrawing(
            id,
            $"The variants of {compared.Name} on one time axis",
            new TimelineScale(end, SvgTimeline.PlotLeft, SvgTimeline.PlotWidth),
            blocks,
            compared.Variants.Count > 0 ? compared.Variants[0].Faults : [],
            "compared");
    }

    /// <summary>
    /// Every gateway, or when there are more than <see cref="MaxGatewayRows"/> those with the most downtimes and faults
    /// in their own order, and a note saying how many are left out and where they are.
    /// </summary>
    private static List<TimelineRow> GatewayRows(IReadOnlyList<GatewayTimeline> gateways, IReadOnlyList<FaultRecord> faults)
    {
        if (gateways.Count <= MaxGatewayRows)
        {
            return [.. gateways.Select(g => new GatewayRow(g))];
        }

        var faultsOn = faults.Where(f => f.Gateway is not null).CountBy(f => f.Gateway!, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal);
        List<TimelineRow> rows = [.. gateways.Select((gateway, index) => (gateway, index))
            .OrderByDescending(row => row.gateway.Downtimes.Count)
            .ThenByDescending(row => faultsOn.GetValueOrDefault(row.gateway.Gateway))
            .Take(MaxGatewayRows)
            .OrderBy(row => row.index)
            .Select(row => new GatewayRow(row.gateway))];
        rows.Add(new NoteRow($"{CountText.Of(gateways.Count - MaxGatewayRows, "more gateway")} not drawn (those with the fewest downtimes); the JSON report has every gateway"));
        return rows;
    }

    private static IEnumerable<TimelineRow> DeviceRows(IReadOnlyList<DeviceTimeline> devices, int max, bool showDetections, string hiddenNoun, string hiddenWhy)
    {
        var drawn = SvgTimeline.RowsToDraw(devices, max);
        foreach (var device in drawn)
        {
            yield return new DeviceRow(device, showDetections);
        }

        if (devices.Count > drawn.Count)
        {
            yield return new NoteRow($"{CountText.Of(devices.Count - drawn.Count, "more " + hiddenNoun)} {hiddenWhy}");
        }
    }
}
