namespace IgdLab.Emulator.Reports;

/// <summary>The HTML report's inline style sheet: system fonts only, nothing fetched, no child combinators (a
/// <c>&gt;</c> would be escaped by the XML writer and break the CSS in an HTML parser).</summary>
internal static class HtmlStyle
{
    public const string Css = """

        :root { --pass: #1e7f43; --fail: #c62828; --error: #b26a00; --ink: #1d2330; --muted: #5f6b7a; --line: #d9dee5; --bg: #f5f7fa; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: var(--bg); }
        header { background: #1d2330; color: #fff; padding: 20px 32px; }
        header h1 { margin: 0 0 6px; font-size: 22px; font-weight: 600; }
        header code { color: #cfe3ff; }
        main { padding: 20px 32px 48px; max-width: 1180px; }
        section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; margin: 0 0 20px; }
        section.failed { border-left: 6px solid var(--fail); }
        section.error { border-left: 6px solid var(--error); }
        section.passed { border-left: 6px solid var(--pass); }
        section.skipped { border-left: 6px solid var(--muted); }
        h2 { font-size: 18px; margin: 0 0 8px; }
        h3 { font-size: 14px; margin: 16px 0 6px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
        code { font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; }
        .badge { display: inline-block; min-width: 54px; text-align: center; padding: 1px 8px; margin-right: 8px; border-radius: 10px; color: #fff; font-size: 12px; font-weight: 700; letter-spacing: .04em; vertical-align: 2px; }
        .badge.passed { background: var(--pass); }
        .badge.failed { background: var(--fail); }
        .badge.error { background: var(--error); }
        .badge.skipped { background: var(--muted); }
        .totals { margin: 0 0 4px; font-size: 15px; }
        .description { margin: 0 0 10px; color: var(--muted); }
        .facts { display: flex; flex-wrap: wrap; gap: 4px 24px; margin: 0 0 8px; padding: 0; }
        .facts div { display: flex; gap: 6px; }
        .facts dt { color: var(--muted); }
        .facts dd { margin: 0; font-weight: 600; }
        .replay { margin: 0 0 10px; }
        .replay code { background: #eef2f7; padding: 2px 6px; border-radius: 4px; user-select: all; }
        .problem { background: #fff4e0; border: 1px solid #f0c36d; border-radius: 6px; padding: 8px 12px; white-space: pre-wrap; }
        table { border-collapse: collapse; margin: 0 0 8px; }
        th, td { text-align: left; padding: 4px 12px 4px 0; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { color: var(--muted); font-weight: 600; }
        td.number, th.number { text-align: right; }
        tr.failed td { background: #fdecea; color: var(--fail); font-weight: 600; }
        .tables { display: flex; flex-wrap: wrap; gap: 8px 40px; }
        figure { margin: 8px 0 4px; overflow-x: auto; }
        figcaption { color: var(--muted); font-size: 12px; }
        .legend-entry { white-space: nowrap; }
        .key { display: inline-block; width: 14px; height: 8px; margin: 0 4px 0 12px; vertical-align: 1px; }
        .key.outage { background: #d9534f; }
        .key.never { background: repeating-linear-gradient(45deg, #a51d1d 0 2px, #f3c7c5 2px 4px); }
        .key.instruction { background: #f0a020; }
        .key.instructed { background: #2e9e55; border-radius: 4px; width: 8px; }
        .key.own { border: 2px solid #2e9e55; border-radius: 5px; width: 9px; height: 9px; }
        .key.renewal { background: #8a94a3; width: 2px; }
        .key.detected { background: #2f6fd0; width: 8px; }
        .key.fault { background: #6b4fbb; width: 2px; }
        .key.downtime { background: #c9b8f0; }
        .key.gw-removed { background: #c62828; width: 2px; }
        .key.gw-added { background: #1e7f43; width: 2px; }
        .key.wan-change { background: #1f5fbf; width: 7px; height: 7px; transform: rotate(45deg); }
        svg.timeline { font: 11px system-ui, sans-serif; background: #fff; display: block; max-width: 100%; height: auto; }
        svg .row { fill: #fff; }
        svg .row.odd { fill: #f6f8fb; }
        svg .gateway-row { fill: #f1eefa; }
        svg .heading-row { fill: #e9edf3; }
        svg .device-label, svg .gateway-label { fill: var(--ink); }
        svg .gateway-label, svg .heading-label { font-weight: 600; }
        svg .strategy { fill: var(--muted); font-size: 10px; }
        svg .grid { stroke: #e6e9ef; }
        svg .baseline { stroke: #9aa5b4; }
        svg .tick, svg .empty, svg .more { fill: var(--muted); }
        svg .outage { fill: #d9534f; }
        svg .outage.open, svg .downtime.open { stroke: #a51d1d; stroke-width: 1; }
        svg .hatch-ground { fill: #f3c7c5; }
        svg .hatch-stripe { stroke: #a51d1d; stroke-width: 3; }
        svg .downtime { fill: #c9b8f0; }
        svg .gw-removed { stroke: #c62828; stroke-width: 1.5; }
        svg .gw-added { stroke: #1e7f43; stroke-width: 1.5; }
        svg .wan-change { fill: #1f5fbf; }
        svg .instruction { fill: #f0a020; }
        svg .detected { fill: #2f6fd0; }
        svg .remap.instructed { fill: #2e9e55; stroke: #fff; stroke-width: 1; }
        svg .remap.own { fill: #fff; stroke: #2e9e55; stroke-width: 2; }
        svg .remap.renewal { stroke: #8a94a3; stroke-width: 1.5; }
        svg .fault-line { stroke: #6b4fbb; stroke-width: 1.5; stroke-dasharray: 4 3; }
        svg .fault-label { fill: #6b4fbb; font-weight: 600; }
        .closeups { margin-top: 8px; }
        figure.closeup { border-top: 1px dashed var(--line); padding-top: 6px; }
        .closeup-title { color: var(--ink); font-size: 13px; font-weight: 600; margin-bottom: 2px; }
        table.steps td, table.devices td { font-size: 12px; white-space: nowrap; }
        details.devices { overflow-x: auto; }
        .host { margin-top: 8px; color: #cfe3ff; }
        .host dt { color: #9fb3cc; }
        .replays { margin: 4px 0 0; padding-left: 18px; }
        .replays .replay code { background: #eef2f7; padding: 2px 6px; border-radius: 4px; user-select: all; }
        details { margin-top: 10px; }
        summary { cursor: pointer; color: var(--muted); }
        table.events td { font-size: 12px; }
        a { color: #1f5fbf; text-decoration: none; }
        a:hover { text-decoration: underline; }

        """;
}
