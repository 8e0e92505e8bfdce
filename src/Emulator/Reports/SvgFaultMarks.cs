namespace IgdLab.Emulator.Reports;

/// <summary>
/// The faults of a timeline drawing: a dashed vertical line across the rows per fault, and the action's label above
/// them, stacked into lanes so that no two labels overlap (two faults at the same moment get two lanes).
/// </summary>
internal static class SvgFaultMarks
{
    public const double LaneHeight = 13;

    /// <summary>Beyond this many lanes a label is left out; its line and tooltip still show the fault.</summary>
    public const int MaxLanes = 4;

    // Approximate advance of the bold 11 px label font, generous so that estimates never let labels touch.
    private const double CharWidth = 6.6;
    private const double LabelGap = 8;

    /// <summary>The labels of <paramref name="faults"/> in the window, each in the first lane where it does not touch the one before.</summary>
    public static FaultLabels Place(TimelineScale scale, IReadOnlyList<FaultRecord> faults)
    {
        ArgumentNullException.ThrowIfNull(scale);
        ArgumentNullException.ThrowIfNull(faults);
        var placed = new List<FaultLabel>();
        var laneEnds = new List<double>();
        var axisEnd = scale.Left + scale.Width;
        foreach (var fault in faults.Where(f => scale.Contains(f.At)).OrderBy(f => f.At))
        {
            var width = (fault.Action.Length * CharWidth) + 4;

            // Centred on the line, pushed inside the plot at either edge.
            var left = Math.Clamp(scale.X(fault.At) - (width / 2), scale.Left - 40, axisEnd + 40 - width);
            var lane = laneEnds.FindIndex(end => end + LabelGap <= left);
            if (lane < 0 && laneEnds.Count < MaxLanes)
            {
                laneEnds.Add(double.NegativeInfinity);
                lane = laneEnds.Count - 1;
            }

            if (lane < 0)
            {
                continue;
            }

            laneEnds[lane] = left + width;
            placed.Add(new FaultLabel(fault, lane, left + (width / 2)));
        }

        return new FaultLabels(placed, laneEnds.Count);
    }

    /// <summary>One line per fault of <paramref name="faults"/> in the window, from <paramref name="top"/> to <paramref name="bottom"/>.</summary>
    public static void WriteLines(HtmlMarkup html, TimelineScale scale, IReadOnlyList<FaultRecord> faults, double top, double bottom)
    {
        ArgumentNullException.ThrowIfNull(html);
        foreach (var fault in faults.Where(f => scale.Contains(f.At)))
        {
            var x = scale.X(fault.At);
            html.Start("g", "fault").Attribute("data-action", fault.Action);
            SvgTimeline.Tooltip(html, Describe(fault, scale));
            SvgTimeline.Line(html, "fault-line", x, top, x, bottom);
            html.EndShape();
        }
    }

    /// <summary>The labels, lane 0 right above the rows and further lanes above it.</summary>
    public static void WriteLabels(HtmlMarkup html, FaultLabels labels, double rowsTop)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(labels);
        foreach (var label in labels.Placed)
        {
            var y = rowsTop - 10 - (label.Lane * LaneHeight);
            html.Start("text", "fault-label")
                .Attribute("x", label.Centre).Attribute("y", y).Attribute("text-anchor", "middle")
                .Attribute("data-lane", label.Lane.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Text(label.Fault.Action);
            SvgTimeline.Tooltip(html, Describe(label.Fault, null));
            html.EndShape();
        }
    }

    /// <summary>A fault in words: when, what, where, which devices, e.g. <c>15s: drop-mapping on gw1 → nas (TCP 20000)</c>.</summary>
    public static string Describe(FaultRecord fault, TimelineScale? scale)
    {
        ArgumentNullException.ThrowIfNull(fault);
        var text = $"{(scale is { Origin: not null } ? scale.Text(fault.At) : FigureText.Duration(fault.At))}: {fault.Action}";
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
}

/// <summary>Fault labels placed in lanes.</summary>
/// <param name="Placed">The labels drawn.</param>
/// <param name="Lanes">How many lanes they need.</param>
internal sealed record FaultLabels(IReadOnlyList<FaultLabel> Placed, int Lanes);

/// <summary>One fault's label.</summary>
/// <param name="Fault">The fault.</param>
/// <param name="Lane">Its lane, 0 nearest the rows.</param>
/// <param name="Centre">The x of its centre.</param>
internal sealed record FaultLabel(FaultRecord Fault, int Lane, double Centre);
