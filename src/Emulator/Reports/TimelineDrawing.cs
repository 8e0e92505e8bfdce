namespace IgdLab.Emulator.Reports;

/// <summary>What one SVG timeline shows: a time window, blocks of rows with the faults drawn across them, and the fault labels on top.</summary>
/// <param name="Id">Unique in the page; the SVG's ids (its hatch pattern) start with it.</param>
/// <param name="Title">The SVG's accessible title.</param>
/// <param name="Scale">The time window and how times are told.</param>
/// <param name="Blocks">The blocks of rows, top to bottom.</param>
/// <param name="LabelledFaults">The faults whose action is written above the rows.</param>
/// <param name="Kind">The CSS class next to <c>timeline</c>: <c>whole</c>, <c>zoom</c>, <c>compared</c>.</param>
internal sealed record TimelineDrawing(
    string Id, string Title, TimelineScale Scale, IReadOnlyList<TimelineBlock> Blocks, IReadOnlyList<FaultRecord> LabelledFaults, string Kind);

/// <summary>Rows drawn together, with the vertical lines of <paramref name="Faults"/> across them.</summary>
/// <param name="Rows">The rows, top to bottom.</param>
/// <param name="Faults">The faults whose lines cross these rows.</param>
internal sealed record TimelineBlock(IReadOnlyList<TimelineRow> Rows, IReadOnlyList<FaultRecord> Faults);

/// <summary>One row of a timeline drawing.</summary>
internal abstract record TimelineRow;

/// <summary>A gateway: its downtimes as bands, mappings removed and added, WAN changes.</summary>
internal sealed record GatewayRow(GatewayTimeline Gateway) : TimelineRow;

/// <summary>A device: its outages, instructions and mapping results; in a close-up also its detections.</summary>
internal sealed record DeviceRow(DeviceTimeline Device, bool ShowDetections) : TimelineRow;

/// <summary>A heading across the plot, e.g. a strategy variant's name.</summary>
internal sealed record HeadingRow(string Text) : TimelineRow;

/// <summary>A note in place of rows not drawn (<c>more</c>) or of rows there are none of (<c>empty</c>).</summary>
internal sealed record NoteRow(string Text, string CssClass = "more") : TimelineRow;
