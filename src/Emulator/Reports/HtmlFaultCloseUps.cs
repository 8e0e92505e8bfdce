namespace IgdLab.Emulator.Reports;

/// <summary>
/// The close-ups of a scenario's section: per fault (faults that overlap share one) a timeline from a little before it
/// to a little after its last device was restored, and a table of what happened to each device it broke, every time
/// relative to the fault (<c>+0.412 s</c>).
/// </summary>
internal static class HtmlFaultCloseUps
{
    /// <summary>Device lines of one close-up's table.</summary>
    public const int MaxTableRows = 20;

    public static void Write(HtmlMarkup html, ScenarioReport scenario, string anchor)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(scenario);
        var windows = FaultWindow.For(scenario);
        if (windows.Count == 0)
        {
            return;
        }

        html.Start("div", "closeups");
        html.Element("h3", windows.Count == 1 ? "Around the fault" : "Around each fault");
        for (var i = 0; i < windows.Count; i++)
        {
            WriteCloseUp(html, scenario, windows[i], $"{anchor}-closeup-{i + 1}");
        }

        var left = FaultWindow.Left(scenario, windows);
        if (left > 0)
        {
            html.Element("p", $"{CountText.Of(left, "more fault")} without a close-up (those whose devices recovered fastest); the timeline above shows them all.", "description");
        }

        html.End();
    }

    private static void WriteCloseUp(HtmlMarkup html, ScenarioReport scenario, FaultWindow window, string id)
    {
        var drawing = TimelineDrawings.Zoom(scenario, window, id + "-timeline");
        var origin = drawing.Scale.Origin ?? window.Start;
        var first = scenario.Faults[window.Faults[0]];
        html.Start("figure", "closeup").Attribute("id", id);
        html.Start("figcaption", "closeup-title");
        html.Text(string.Join(" + ", window.Faults.Select(i => scenario.Faults[i].Action)));
        html.Text($" at {FigureText.Duration(first.At)}{(first.Gateway is null ? "" : " on " + first.Gateway)}");
        html.Text($" · {TimelineScale.Offset(window.Start - origin)} to {TimelineScale.Offset(window.End - origin)}, times relative to the fault");
        html.End();
        SvgTimeline.Write(html, drawing);
        WriteSteps(html, scenario, window, origin);
        html.End();
    }

    private static void WriteSteps(HtmlMarkup html, ScenarioReport scenario, FaultWindow window, TimeSpan origin)
    {
        var end = SvgTimeline.Latest(scenario);
        var lines = window.Faults
            .SelectMany(index => scenario.Devices.SelectMany(d => d.Incidents.Where(i => i.Fault == index).Select(i => (Device: d, Incident: i, Fault: scenario.Faults[index]))))
            .ToList();
        var affected = window.Faults.SelectMany(i => scenario.Faults[i].Devices).Distinct(StringComparer.Ordinal).Count();
        var untouched = affected - lines.Select(l => l.Device.DeviceId).Distinct(StringComparer.Ordinal).Count();
        if (lines.Count == 0)
        {
            html.Element("p", affected == 0 ? "No device was affected." : affected == 1 ? "The affected device did not become unreachable." : $"None of the {affected} affected devices became unreachable.", "description");
            return;
        }

        html.Start("table", "steps");
        html.Row(["device", "fault", "detected", "instructed", "remapped", "restored"], "th", numbersFrom: 2);
        foreach (var (device, incident, fault) in lines.Take(MaxTableRows))
        {
            var until = incident.Restored ?? end;
            var instructed = device.Instructions.Where(at => at >= incident.Start && at <= until).Select(at => (TimeSpan?)at).FirstOrDefault();
            var remapped = device.Remaps.FirstOrDefault(r => r.At >= incident.Start && r.At <= until && r.Cause != RemapCause.Renewal);
            html.Start("tr", incident.Restored is null ? "failed" : null).Attribute("data-device", device.DeviceId);
            html.Element("td", device.DeviceId);
            html.Element("td", fault.Action, "number");
            html.Element("td", Relative(incident.Detected, origin, FigureText.Never), "number");
            html.Element("td", Relative(instructed, origin, FigureText.None), "number");
            html.Element("td", remapped is null ? FigureText.None : $"{TimelineScale.Offset(remapped.At - origin)} ({Cause(remapped.Cause)})", "number");
            html.Element("td", Relative(incident.Restored, origin, FigureText.Never), "number");
            html.End();
        }

        html.End();
        var more = lines.Count - MaxTableRows;
        if (more > 0 || untouched > 0)
        {
            var notes = new List<string>();
            if (more > 0)
            {
                notes.Add($"{CountText.Of(more, "more broken device")} in the JSON report");
            }

            if (untouched > 0)
            {
                notes.Add(untouched == 1 ? "1 affected device stayed reachable" : $"{untouched} affected devices stayed reachable");
            }

            html.Element("p", string.Join("; ", notes) + ".", "description");
        }
    }

    private static string Relative(TimeSpan? at, TimeSpan origin, string missing) => at is { } value ? TimelineScale.Offset(value - origin) : missing;

    private static string Cause(RemapCause cause) => cause switch
    {
        RemapCause.Instructed => "as instructed",
        RemapCause.OwnRemap => "on its own",
        _ => "renewal",
    };
}
