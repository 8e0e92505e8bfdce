using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using IgdLab.TestUtilities;

namespace IgdLab.Emulator.Tests.Reports;

/// <summary>
/// Loads an HTML page in headless Chromium (Debian's <c>chromium</c>) with a probe script added to a copy, and returns
/// what the probe measured in the rendered page (marks per SVG, label overlaps, errors) and what Chromium logged.
/// </summary>
internal static partial class BrowserProbe
{
    // Records script errors from the first moment; the page itself has no scripts, so any is a defect of the page.
    private const string ErrorTrap = """
        <script>window.__errors = []; window.addEventListener('error', function (e) { window.__errors.push(String(e.message)); });</script>
        """;

    // Counts, per timeline SVG as the browser rendered it, every kind of mark, and measures the fault labels' boxes.
    private const string Probe = """
        <script>
        (function () {
          function count(svg, selector) { return svg.querySelectorAll(selector).length; }
          function overlapping(boxes) {
            var n = 0;
            for (var i = 0; i < boxes.length; i++) for (var j = i + 1; j < boxes.length; j++) {
              var a = boxes[i], b = boxes[j];
              if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) n++;
            }
            return n;
          }
          var svgs = Array.prototype.map.call(document.querySelectorAll('svg.timeline'), function (svg) {
            var labels = Array.prototype.map.call(svg.querySelectorAll('text.fault-label'), function (t) { return t.getBBox(); });
            var open = svg.querySelectorAll('rect.outage.open');
            var hatched = Array.prototype.filter.call(open, function (r) { return getComputedStyle(r).fill.indexOf('url(') === 0; }).length;
            var view = svg.viewBox.baseVal;
            var outside = Array.prototype.filter.call(svg.querySelectorAll('rect.outage, rect.downtime, circle.remap, line.remap, path.instruction, path.detected'), function (m) {
              var b = m.getBBox();
              return b.x < 0 || b.x + b.width > view.width + 0.5 || b.y < 0 || b.y + b.height > view.height + 0.5;
            }).length;
            var section = svg.closest('section');
            return {
              id: svg.id, kind: svg.getAttribute('class'), section: section ? section.id : null,
              faults: count(svg, 'g.fault'), labels: labels.length, labelOverlaps: overlapping(labels),
              devices: count(svg, 'g.device'), gateways: count(svg, 'g.gateway'),
              outages: count(svg, 'rect.outage'), open: count(svg, 'rect.outage.open'), hatched: hatched,
              downtimes: count(svg, 'rect.downtime'), instructions: count(svg, 'path.instruction'),
              instructed: count(svg, 'circle.remap.instructed'), own: count(svg, 'circle.remap.own'), renewals: count(svg, 'line.remap.renewal'),
              outside: outside, width: svg.getBoundingClientRect().width
            };
          });
          var result = { errors: window.__errors, scenarioSections: document.querySelectorAll('main > section.scenario').length, svgs: svgs };
          var pre = document.createElement('pre');
          pre.id = 'igdlab-probe';
          pre.textContent = JSON.stringify(result);
          document.body.appendChild(pre);
        })();
        </script>
        """;

    /// <summary>The Chromium on PATH, or null when none is installed.</summary>
    public static string? FindChromium() => ProcessRunner.FindOnPath("chromium") ?? ProcessRunner.FindOnPath("chromium-browser");

    /// <summary>Renders <paramref name="html"/> (a copy with the probe added, in <paramref name="folder"/>) and returns the probe's findings.</summary>
    public static async Task<BrowserPage> RenderAsync(string chromium, string html, string folder)
    {
        var head = html.IndexOf("<head>", StringComparison.Ordinal) + "<head>".Length;
        var body = html.LastIndexOf("</body>", StringComparison.Ordinal);
        var probed = html[..head] + ErrorTrap + html[head..body] + Probe + html[body..];
        var page = Path.Combine(folder, "probed.html");
        await File.WriteAllTextAsync(page, probed);

        var result = await ProcessRunner.RunAsync(
            chromium,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                "--user-data-dir=" + Path.Combine(folder, "profile"),
                "--enable-logging=stderr", "--v=0",
                "--dump-dom", new Uri(page).AbsoluteUri,
            ],
            TimeSpan.FromSeconds(90));
        var probe = ProbeOutput().Match(result.StandardOutput);
        if (result.ExitCode != 0 || !probe.Success)
        {
            Assert.Fail($"chromium did not render the page (exit {result.ExitCode}):\n{result.Combined}");
        }

        var console = result.StandardError.Split('\n').Where(l => l.Contains(":CONSOLE", StringComparison.Ordinal)).ToList();
        var findings = JsonSerializer.Deserialize<ProbeFindings>(WebUtility.HtmlDecode(probe.Groups[1].Value), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        return new BrowserPage(findings, console);
    }

    [GeneratedRegex("<pre id=\"igdlab-probe\">(.*?)</pre>", RegexOptions.Singleline)]
    private static partial Regex ProbeOutput();
}

/// <summary>What the probe found in the rendered page, and the console lines Chromium logged.</summary>
internal sealed record BrowserPage(ProbeFindings Findings, IReadOnlyList<string> Console);

internal sealed record ProbeFindings(IReadOnlyList<string> Errors, int ScenarioSections, IReadOnlyList<RenderedSvg> Svgs);

/// <summary>The marks of one rendered timeline SVG.</summary>
internal sealed record RenderedSvg(
    string Id, string Kind, string? Section, int Faults, int Labels, int LabelOverlaps, int Devices, int Gateways,
    int Outages, int Open, int Hatched, int Downtimes, int Instructions, int Instructed, int Own, int Renewals, int Outside, double Width);
