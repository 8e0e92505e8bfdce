using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using IgdLab.Emulator.Reports;
using IgdLab.Emulator.Timeline;
using static IgdLab.Emulator.Tests.Reports.HtmlPage;
using static IgdLab.Emulator.Tests.Reports.ReportSamples;

namespace IgdLab.Emulator.Tests.Reports;

public sealed partial class HtmlReportWriterTests
{
    [Test]
    public void Write_Run_IsWellFormedXhtmlWithOneWholeTimelinePerScenario()
    {
        var page = Parse(Run());

        Assert.That(page.Root!.Name, Is.EqualTo(Html + "html"));
        Assert.That(page.DocumentType?.Name, Is.EqualTo("html"));
        var sections = Sections(page);
        Assert.That(sections, Has.Count.EqualTo(5));
        Assert.That(sections.Select(s => s.Descendants(Svg + "svg").Count(svg => Class(svg) == "timeline whole")), Is.All.EqualTo(1));
        Assert.That(Svgs(page), Has.Count.EqualTo(5));
        Assert.That(page.Descendants().Select(e => (string?)e.Attribute("id")).Where(id => id is not null), Is.Unique, "ids, which the hatch fills refer to");
    }

    [Test]
    public void Write_Run_HeaderShowsTotalsAndCommandLine()
    {
        var header = Parse(Run()).Descendants(Html + "header").Single();

        Assert.That(header.Descendants(Html + "span").Select(s => s.Value), Is.EqualTo(new[] { "2 passed", "3 failed" }));
        Assert.That(header.Value, Does.Contain("5 scenario runs (1 with testbed errors), wall time 17.5s"));
        Assert.That(header.Descendants(Html + "code").Single().Value, Is.EqualTo("igdlab run scenarios/ --junit out/junit.xml"));
    }

    [Test]
    public void Write_RunWithHost_HeaderShowsDateVersionCommitCoresAndOs()
    {
        var facts = Facts(Parse(Run()).Descendants(Html + "header").Single());

        Assert.That(facts["started"], Is.EqualTo("2026-03-14 09:26:53 UTC"));
        Assert.That(facts["igdlab"], Is.EqualTo("1.0.0"));
        Assert.That(facts["commit"], Is.EqualTo("875475daf6b1"));
        Assert.That(facts["cores"], Is.EqualTo("2"));
        Assert.That(facts["OS"], Is.EqualTo("Debian GNU/Linux 12 (bookworm)"));
        Assert.That(facts["runtime"], Is.EqualTo(".NET 10.0.0"));
    }

    [Test]
    public void Write_RunWithoutHost_HeaderHasNoHostFacts()
    {
        var header = Parse(Of(Passed())).Descendants(Html + "header").Single();

        Assert.That(header.Descendants(Html + "dl"), Is.Empty);
    }

    [Test]
    public void Write_Outage_BarSpansItsStartToEndOnTheScale()
    {
        // 60 s drawn over 800 px from x = 160: the outage 15 s → 30 s covers 200 px from 360.
        var bar = Svgs(Parse(Of(Passed())))[0].Descendants(Svg + "rect").Single(r => Class(r) == "outage");

        Assert.That(Number(bar, "x"), Is.EqualTo(SvgTimeline.PlotLeft + (SvgTimeline.PlotWidth / 4)).Within(0.01));
        Assert.That(Number(bar, "x"), Is.EqualTo(360).Within(0.01));
        Assert.That(Number(bar, "width"), Is.EqualTo(200).Within(0.01));
        // The gateway's row comes first, then nas.
        Assert.That(Number(bar, "y"), Is.GreaterThanOrEqualTo(SvgTimeline.RowsTop + SvgTimeline.RowHeight).And.LessThan(SvgTimeline.RowsTop + (2 * SvgTimeline.RowHeight)));
        Assert.That(bar.Element(Svg + "title")!.Value, Is.EqualTo("nas: outage 15s (15s → 30s)"));
        Assert.That((string?)bar.Parent!.Attribute("data-device"), Is.EqualTo("nas"));
    }

    [Test]
    public void Write_NeverRestoredOutage_BarRunsToTheEndHatchedAndSaysSo()
    {
        var svg = Svgs(Parse(Of(FailedTwice())))[0];
        var bar = svg.Descendants(Svg + "rect").Single(r => Class(r).StartsWith("outage", StringComparison.Ordinal));

        Assert.That(Class(bar), Is.EqualTo("outage open"));
        var pattern = svg.Descendants(Svg + "pattern").Single();
        Assert.That((string?)bar.Attribute("style"), Is.EqualTo($"fill: url(#{(string?)pattern.Attribute("id")})"));
        Assert.That(Number(bar, "x"), Is.EqualTo(760).Within(0.01));
        Assert.That(Number(bar, "x") + Number(bar, "width"), Is.EqualTo(SvgTimeline.PlotLeft + SvgTimeline.PlotWidth).Within(0.01));
        Assert.That(bar.Element(Svg + "title")!.Value, Is.EqualTo("cam: outage from 45s, never restored"));
    }

    [Test]
    public void Write_Fault_VerticalLineAcrossAllRowsWithActionLabelAndTooltip()
    {
        var svg = Svgs(Parse(Of(Passed())))[0];
        var fault = svg.Descendants(Svg + "g").Single(g => Class(g) == "fault");
        var line = fault.Element(Svg + "line")!;
        var label = WithClass(svg, "fault-label").Single();

        Assert.That((string?)fault.Attribute("data-action"), Is.EqualTo("drop-mapping"));
        Assert.That(Number(line, "x1"), Is.EqualTo(360).Within(0.01));
        Assert.That(Number(line, "x2"), Is.EqualTo(360).Within(0.01));
        Assert.That(Number(line, "y1"), Is.LessThan(SvgTimeline.RowsTop));
        Assert.That(Number(line, "y2"), Is.EqualTo(SvgTimeline.RowsTop + (3 * SvgTimeline.RowHeight)).Within(0.01), "the gateway's row and both devices'");
        Assert.That(label.Nodes().OfType<XText>().Single().Value, Is.EqualTo("drop-mapping"));
        Assert.That(Number(label, "x"), Is.EqualTo(360).Within(0.01));
        Assert.That(Number(label, "y"), Is.LessThan(SvgTimeline.RowsTop));
        Assert.That(Tooltip(fault), Is.EqualTo("15s: drop-mapping on gw1 → nas (TCP 20000)"));
    }

    [Test]
    public void Write_Markers_InstructionAndRemapsAtTheirTimesByCause()
    {
        var svg = Svgs(Parse(Of(Passed())))[0];
        var instruction = svg.Descendants(Svg + "path").Single(p => Class(p) == "instruction");
        var remap = WithClass(svg, "remap instructed").Single();
        var renewal = WithClass(svg, "remap renewal").Single();

        // The instruction triangle's top edge is 8 px wide, centred on 15.85 s.
        var start = Regex.Match((string)instruction.Attribute("d")!, @"^M([\d.]+),").Groups[1].Value;
        Assert.That(double.Parse(start, CultureInfo.InvariantCulture) + 4, Is.EqualTo(160 + (15.85 / 60 * 800)).Within(0.01));
        Assert.That(Number(remap, "cx"), Is.EqualTo(160 + (29.0 / 60 * 800)).Within(0.01));
        Assert.That(Tooltip(remap), Is.EqualTo("nas: remapped as instructed at 29s"));
        Assert.That(renewal.Name, Is.EqualTo(Svg + "line"), "a renewal is a tick, not a dot");
        Assert.That(Number(renewal, "x1"), Is.EqualTo(160 + (1.0 / 60 * 800)).Within(0.01));
        Assert.That(renewal.Parent!.Attribute("data-device")!.Value, Is.EqualTo("tv"));
        Assert.That(Tooltip(renewal), Is.EqualTo("tv: renewed its unchanged mapping at 1s"));
    }

    [Test]
    public void Write_Axis_TicksLabelledInScenarioTime()
    {
        var labels = Svgs(Parse(Of(Passed())))[0].Descendants(Svg + "text").Where(t => Class(t) == "tick").ToArray();

        Assert.That(labels.Select(t => t.Value), Is.EqualTo(new[] { "0", "10s", "20s", "30s", "40s", "50s", "1m00s" }));
        Assert.That(Number(labels[3], "x"), Is.EqualTo(560).Within(0.01));
    }

    [Test]
    public void Write_EventAfterTheDuration_StretchesTheScale()
    {
        var scenario = Passed() with { Events = [new WrittenEvent(TimeSpan.FromSeconds(120), TimelineEventKind.Note, null, null, "teardown")] };

        var bar = Svgs(Parse(Of(scenario)))[0].Descendants(Svg + "rect").Single(r => Class(r) == "outage");

        Assert.That(Number(bar, "x"), Is.EqualTo(260).Within(0.01));
    }

    [Test]
    public void Write_ManyDevices_DrawsAtMostMaxRowsPreferringUnrestoredAndCountsTheRest()
    {
        var fleet = Fleet(75);
        var devices = fleet.Devices.ToArray();
        devices[70] = devices[70] with { Outages = [new Outage(TimeSpan.FromSeconds(50), null)] };
        devices[71] = devices[71] with { Outages = [new Outage(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(80))] };

        var svg = Svgs(Parse(Of(fleet with { Devices = devices })))[0];
        var rows = svg.Descendants(Svg + "g").Where(g => Class(g) == "device").Select(g => (string)g.Attribute("data-device")!).ToArray();

        Assert.That(rows, Has.Length.EqualTo(SvgTimeline.MaxRows));
        Assert.That(rows[..58], Is.EqualTo(Enumerable.Range(0, 58).Select(i => $"device-{i:000}")));
        Assert.That(rows[58..], Is.EqualTo(new[] { "device-070", "device-071" }));
        Assert.That(svg.Descendants(Svg + "text").Single(t => Class(t) == "more").Value, Does.StartWith("15 more devices not drawn"));
    }

    [Test]
    public void Write_NoDevices_DrawsOneEmptyRowSayingSo()
    {
        var svg = Svgs(Parse(Of(Error())))[0];

        Assert.That(svg.Descendants(Svg + "g").Where(g => Class(g) == "device"), Is.Empty);
        Assert.That(svg.Descendants(Svg + "text").Single(t => Class(t) == "empty").Value, Is.EqualTo("no devices"));
    }

    [Test]
    public void Write_LongDeviceId_LabelIsShortenedButTooltipHasItAll()
    {
        var id = new string('n', 40);
        var scenario = Passed() with { Devices = [new DeviceTimeline { DeviceId = id, Strategy = "watchdog" }] };

        var label = Svgs(Parse(Of(scenario)))[0].Descendants(Svg + "text").Single(t => Class(t) == "device-label");

        Assert.That(label.Nodes().OfType<XText>().Single().Value, Is.EqualTo(new string('n', 21) + "…"));
        Assert.That(label.Element(Svg + "title")!.Value, Is.EqualTo($"{id} · watchdog"));
    }

    [Test]
    public void Write_FailedScenario_ShowsVerdictSeedReplayFiguresAndHighlightsFailedExpectations()
    {
        var section = Sections(Parse(Of(FailedTwice())))[0];

        Assert.That(Class(section), Is.EqualTo("scenario failed"));
        Assert.That(section.Element(Html + "h2")!.Value, Is.EqualTo("FAILrouter-reboot"));
        Assert.That(section.Descendants(Html + "p").Any(p => p.Value == "The router reboots with a new WAN IP."), Is.True);
        Assert.That(Facts(section)["seed"], Is.EqualTo("7"));
        Assert.That(Facts(section)["file"], Is.EqualTo("scenarios/reboot.yaml"));
        Assert.That(Facts(section)["duration"], Is.EqualTo("1m00s"));
        Assert.That(section.Descendants(Html + "p").Single(p => Class(p) == "replay").Value, Is.EqualTo("Replay: igdlab run scenarios/reboot.yaml --seed 7"));

        var figures = Table(section, "figures").ToDictionary(row => row[0], row => row[1]);
        Assert.That(figures["remap latency"], Is.EqualTo("p50 1.5s, p95 2.31s, p99 2.31s, max 2.31s (n=3)"));
        Assert.That(figures["max outage"], Is.EqualTo("15s"));
        Assert.That(figures["all reachable at end"], Is.EqualTo("no"));

        var expectations = section.Descendants(Html + "table").Single(t => Class(t) == "expectations").Elements(Html + "tr").Skip(1).ToArray();
        Assert.That(expectations.Select(Class), Is.EqualTo(new[] { "failed", "failed", "passed" }));
        Assert.That(expectations[0].Elements(Html + "td").Select(td => td.Value), Is.EqualTo(new[] { "✗", "remapLatency.p95", "2.314s", "2s" }));
        Assert.That((string?)expectations[0].Attribute("title"), Is.EqualTo("remapLatency.p95 was 2.314s, limit 2s"));
    }

    [Test]
    public void Write_TestbedError_ShowsTheError()
    {
        var section = Sections(Parse(Of(Error())))[0];

        Assert.That(Class(section), Is.EqualTo("scenario error"));
        Assert.That(section.Descendants(Html + "pre").Single().Value, Is.EqualTo("could not bind 127.0.9.2:20000\uFFFD"));
    }

    [Test]
    public void Write_Events_ListedWithExactTimesAndJsonKinds()
    {
        var events = Table(Sections(Parse(Of(Passed())))[0], "events");

        Assert.That(events, Has.Count.EqualTo(5));
        Assert.That(events[2], Is.EqualTo(new[] { "15.850s", "probe-failed", "gw1", "nas", "refused" }));
    }

    [Test]
    public void Write_ManyEvents_CapsTheTableAndPointsToTheJson()
    {
        var scenario = Passed() with
        {
            Events = Enumerable.Range(0, HtmlReportWriter.MaxEventRows + 5)
                .Select(i => new WrittenEvent(TimeSpan.FromMilliseconds(i), TimelineEventKind.ProbeSucceeded, "gw1", "nas", null))
                .ToArray(),
        };

        var section = Sections(Parse(Of(scenario)))[0];

        Assert.That(Table(section, "events"), Has.Count.EqualTo(HtmlReportWriter.MaxEventRows));
        Assert.That(section.Descendants(Html + "summary").Last().Value, Is.EqualTo($"Timeline: {HtmlReportWriter.MaxEventRows + 5} events"));
        Assert.That(section.Descendants(Html + "p").Any(p => p.Value == "5 more events in the JSON report."), Is.True);
    }

    [Test]
    public void Write_ComparedScenario_TableHasOneRowPerVariantLinkingToItsSection()
    {
        var page = Parse(Run());
        var comparison = page.Descendants(Html + "section").Single(s => Class(s) == "comparison");
        var rows = comparison.Descendants(Html + "tr").Skip(1).ToArray();

        Assert.That(comparison.Element(Html + "h2")!.Value, Is.EqualTo("Strategies compared: strategies"));
        Assert.That(rows.Select(r => r.Elements(Html + "td").Select(td => td.Value).ToArray()), Is.EqualTo(new[]
        {
            new[] { "watchdog", "PASS", "0/8", "1.25s", "2.5s", "3.75s", "–", "–", "–", "8", "16" },
            new[] { "renew 20s", "FAIL", "0/8", "9.5s", "19s", "28.5s", "–", "–", "–", "0", "96" },
        }));
        var link = (string)rows[1].Descendants(Html + "a").Single().Attribute("href")!;
        Assert.That(Sections(page).Single(s => "#" + (string?)s.Attribute("id") == link).Element(Html + "h2")!.Value, Does.EndWith("strategies [renew 20s]"));
    }

    [Test]
    public void Write_AwkwardText_IsEscapedAndReadsBackExactly()
    {
        var raw = Raw(Of(Awkward()));
        var page = XDocument.Parse(raw);
        var section = Sections(page)[0];
        var svg = Svgs(page)[0];

        Assert.That(raw, Does.Contain("&lt;script&gt;alert('x')&lt;/script&gt; &amp; more"));
        Assert.That(page.Descendants().Where(e => e.Name.LocalName is "script" or "b"), Is.Empty);
        Assert.That(section.Element(Html + "h2")!.Value, Is.EqualTo("FAIL" + AwkwardName));
        Assert.That(section.Descendants(Html + "p").Any(p => p.Value == AwkwardDescription), Is.True);
        Assert.That(svg.Descendants(Svg + "g").Single(g => Class(g) == "device").Attribute("data-device")!.Value, Is.EqualTo(AwkwardDevice));
        Assert.That(Table(section, "events")[0][4], Is.EqualTo("<b>bold</b>"));
        Assert.That(svg.Descendants(Svg + "g").Single(g => Class(g) == "fault").Element(Svg + "title")!.Value,
            Is.EqualTo($"1s: soap-error on gw<1> → {AwkwardDevice} (code 501 & \"count\" 3)"));
    }

    [Test]
    public void Write_Run_IsSelfContained()
    {
        var page = Parse(Run());

        Assert.That(page.Descendants().Where(e => e.Name.LocalName is "script" or "link" or "img" or "iframe"), Is.Empty);
        var urls = page.Descendants().Attributes()
            .Where(a => !a.IsNamespaceDeclaration && (a.Value.Contains("//", StringComparison.Ordinal) || a.Name.LocalName == "src"));
        Assert.That(urls, Is.Empty);
        Assert.That(page.Descendants(Html + "style").Single().Value, Does.Not.Contain("@import").And.Not.Contain("url("));
    }

    [Test]
    public void Write_Run_NeverSelfClosesAnHtmlElementThatHtmlParsersWouldLeaveOpen()
    {
        var raw = Raw(Run());

        Assert.That(SelfClosedHtmlElement().Matches(raw).Select(m => m.Value), Is.Empty);
        Assert.That(raw, Does.Contain("<span class=\"key outage\"></span>"));
        Assert.That(raw, Does.Contain("</title>"));
    }

    [Test]
    public void Write_Run_StyleSheetSurvivesHtmlParsing()
    {
        // In HTML, <style> is raw text: an escaped character would reach the CSS parser as an entity.
        var raw = Raw(Run());
        var css = raw[raw.IndexOf("<style>", StringComparison.Ordinal)..raw.IndexOf("</style>", StringComparison.Ordinal)];

        Assert.That(css, Does.Not.Contain("&"));
        Assert.That(css, Does.Contain(".outage"));
    }

    [GeneratedRegex(@"<(?:a|p|td|th|tr|div|span|code|pre|table|section|main|header|body|head|dd|dt|dl|h1|h2|h3|figure|figcaption|details|summary|title|style|ul|li)\b[^<>]*/>")]
    private static partial Regex SelfClosedHtmlElement();
}
