namespace IgdLab.Emulator.Reports;

/// <summary>The key under a timeline: one swatch per kind of mark, drawn by CSS alone.</summary>
internal static class HtmlLegend
{
    /// <summary>(CSS class of the swatch, words), in the order the marks matter.</summary>
    public static IReadOnlyList<(string Key, string Text)> Keys { get; } =
    [
        ("outage", "outage"),
        ("never", "never restored (to the end)"),
        ("instruction", "instruction"),
        ("instructed", "remap as instructed"),
        ("own", "own remap"),
        ("renewal", "routine renewal"),
        ("detected", "failure detected (close-ups)"),
        ("fault", "fault"),
        ("downtime", "gateway down"),
        ("gw-removed", "mapping removed"),
        ("gw-added", "mapping added"),
        ("wan-change", "WAN address changed"),
    ];

    public static void Write(HtmlMarkup html, string axis)
    {
        ArgumentNullException.ThrowIfNull(html);
        html.Start("figcaption");
        html.Text(axis);
        foreach (var (key, text) in Keys)
        {
            html.Start("span", "legend-entry").Element("span", "", "key " + key).Text(text).End();
        }

        html.Text(". Hover a mark for details.");
        html.End();
    }
}
