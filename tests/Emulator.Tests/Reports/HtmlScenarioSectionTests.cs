using System.Xml.Linq;
using IgdLab.Emulator.Reports;
using static IgdLab.Emulator.Tests.Reports.HtmlPage;
using static IgdLab.Emulator.Tests.Reports.ReportSamples;

namespace IgdLab.Emulator.Tests.Reports;

/// <summary>The parts of a scenario's section a QA engineer reads after the timeline: close-ups, gateway rows, per-device figures.</summary>
public sealed class HtmlScenarioSectionTests
{
    [Test]
    public void Write_Fault_CloseUpFromJustBeforeToJustAfterRestorationWithTimesRelativeToTheFault()
    {
        var closeUp = CloseUps(Sections(Parse(Of(Passed())))[0]).Single();
        var svg = closeUp.Descendants(Svg + "svg").Single();
        var bar = WithClass(svg, "outage").Single();

        Assert.That(Class(svg), Is.EqualTo("timeline zoom"));
        Assert.That(closeUp.Element(Html + "figcaption")!.Value, Is.EqualTo("drop-mapping at 15s on gw1 · -1.500 s to +16.500 s, times relative to the fault"));
        Assert.That(Tooltip(bar), Is.EqualTo("nas: outage 15s (+0.000 s → +15.000 s)"));

        // The window 13.5 s → 31.5 s over 800 px: the fault at 15 s is 66.67 px in.
        Assert.That(Number(bar, "x"), Is.EqualTo(SvgTimeline.PlotLeft + (1.5 / 18 * SvgTimeline.PlotWidth)).Within(0.01));
        Assert.That(WithClass(svg, "tick").Select(t => t.Value), Does.Contain("0").And.Contain("+10s"));
        Assert.That(Tooltip(WithClass(svg, "detected").Single()), Is.EqualTo("nas: failure detected at +0.850 s"));
        Assert.That(Tooltip(WithClass(svg, "instruction").Single()), Is.EqualTo("nas: instruction at +0.850 s"));
        Assert.That(svg.Descendants(Svg + "g").Where(g => Class(g) == "device").Select(g => (string?)g.Attribute("data-device")), Is.EqualTo(new[] { "nas" }), "only the affected device");
        Assert.That(Table(closeUp, "steps"), Is.EqualTo(new[] { new[] { "nas", "drop-mapping", "+0.850 s", "+0.850 s", "+14.000 s (as instructed)", "+15.000 s" } }));
    }

    [Test]
    public void Write_NeverRestored_CloseUpRunsToTheEndAndTheStepsSayNever()
    {
        var closeUp = CloseUps(Sections(Parse(Of(FailedTwice())))[0]).Single();
        var steps = closeUp.Descendants(Html + "table").Single().Elements(Html + "tr").Last();

        Assert.That(Class(steps), Is.EqualTo("failed"));
        Assert.That(steps.Elements(Html + "td").Select(td => td.Value), Is.EqualTo(new[] { "cam", "reboot", "+1.000 s", "+1.000 s", "–", "never" }));
        Assert.That(WithClass(closeUp, "outage open").Single().Attribute("style"), Is.Not.Null);
    }

    [Test]
    public void Write_FaultsAtOneMoment_OneCloseUpAndTheirLabelsInTwoLanes()
    {
        var scenario = Passed() with
        {
            Faults = [new FaultRecord(S(15), "drop-mapping", "gw1", ["nas"], null), new FaultRecord(S(15), "change-wan-ip", "gw1", ["nas", "tv"], null)],
        };

        var section = Sections(Parse(Of(scenario)))[0];
        var labels = WithClass(Svgs(section.Document!)[0], "fault-label").ToArray();

        Assert.That(labels.Select(l => l.Nodes().OfType<XText>().Single().Value), Is.EqualTo(new[] { "drop-mapping", "change-wan-ip" }));
        Assert.That(labels.Select(l => Number(l, "y")).Distinct().Count(), Is.EqualTo(2), "stacked, not printed over each other");
        Assert.That(CloseUps(section).Single().Element(Html + "figcaption")!.Value, Does.StartWith("drop-mapping + change-wan-ip at 15s"));
    }

    [Test]
    public void Write_Gateway_RowWithDowntimeBandTableChangesAndWanChange()
    {
        var svg = Svgs(Parse(Of(FailedTwice())))[0];
        var gateway = svg.Descendants(Svg + "g").Single(g => Class(g) == "gateway");
        var band = WithClass(gateway, "downtime").Single();

        Assert.That((string?)gateway.Attribute("data-gateway"), Is.EqualTo("gw1"));
        Assert.That(Number(band, "x"), Is.EqualTo(760).Within(0.01));
        Assert.That(Number(band, "width"), Is.EqualTo(5.0 / 60 * 800).Within(0.01));
        Assert.That(Tooltip(band), Is.EqualTo("gw1: reboot 5s (45s → back at 50s)"));
        Assert.That(WithClass(gateway, "wan-change").Count(), Is.EqualTo(1));

        var passed = Svgs(Parse(Of(Passed())))[0].Descendants(Svg + "g").Single(g => Class(g) == "gateway");
        Assert.That(WithClass(passed, "gw-removed").Select(Tooltip), Is.EqualTo(new[] { "gw1: a device mapping removed at 15s" }));
        Assert.That(WithClass(passed, "gw-added").Count(), Is.EqualTo(1));
    }

    [Test]
    public void Write_GatewayNeverBack_DowntimeHatchedToTheEnd()
    {
        var scenario = FailedTwice() with { Gateways = [new GatewayTimeline { Gateway = "gw1", Downtimes = [new GatewayDowntime(S(45), null, "reboot")] }] };

        var band = WithClass(Svgs(Parse(Of(scenario)))[0], "downtime open").Single();

        Assert.That(Number(band, "x") + Number(band, "width"), Is.EqualTo(SvgTimeline.PlotLeft + SvgTimeline.PlotWidth).Within(0.01));
        Assert.That((string?)band.Attribute("style"), Does.StartWith("fill: url(#"));
        Assert.That(Tooltip(band), Is.EqualTo("gw1: reboot from 45s, not back by the end"));
    }

    [Test]
    public void Write_DeviceRow_ShowsItsStrategy()
    {
        var svg = Svgs(Parse(Of(Passed())))[0];

        Assert.That(WithClass(svg, "strategy").Select(t => t.Value), Is.EqualTo(new[] { "watchdog", "watchdog" }));
    }

    [Test]
    public void Write_Devices_TableHasDetectionAndRemapPerDeviceAndNeverWhenUnrestored()
    {
        var passed = Table(Sections(Parse(Of(Passed())))[0], "devices");
        var failed = Sections(Parse(Of(FailedTwice())))[0].Descendants(Html + "table").Single(t => Class(t) == "devices").Elements(Html + "tr").Last();

        Assert.That(passed[0], Is.EqualTo(new[] { "nas", "gw1", "watchdog", "1", "0", "850ms", "15s", "15s", "1", "1", "0", "0" }));
        Assert.That(passed[1], Is.EqualTo(new[] { "tv", "gw1", "watchdog", "0", "0", "–", "–", "–", "0", "0", "0", "1" }));
        Assert.That(Class(failed), Is.EqualTo("failed"));
        Assert.That(failed.Elements(Html + "td").Select(td => td.Value), Is.EqualTo(new[] { "cam", "–", "watchdog", "1", "1", "1s", "never", "15s", "2", "0", "0", "0" }));
    }

    [Test]
    public void Write_Legend_HasAnEntryForEveryKindOfMark()
    {
        var legend = Sections(Parse(Of(Passed())))[0].Descendants(Html + "figcaption").First();

        Assert.That(legend.Descendants(Html + "span").Where(s => Class(s).StartsWith("key ", StringComparison.Ordinal)).Select(s => Class(s)[4..]),
            Is.EqualTo(HtmlLegend.Keys.Select(k => k.Key)));
        Assert.That(legend.Value, Does.Contain("never restored (to the end)").And.Contain("routine renewal").And.Contain("remap as instructed"));
    }
}
