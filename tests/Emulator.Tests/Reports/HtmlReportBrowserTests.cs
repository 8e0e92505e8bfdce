using IgdLab.Emulator.Reports;
using IgdLab.Emulator.Running;
using IgdLab.Emulator.Scenarios;
using IgdLab.TestUtilities;

namespace IgdLab.Emulator.Tests.Reports;

/// <summary>
/// The HTML report of a real run as a browser renders it: headless Chromium loads the page, and the marks it drew
/// must be the ones the JSON report says there are — per scenario, per close-up, per variant — with no errors, no
/// overlapping fault labels and never-restored outages really hatched. Skipped where Chromium is not installed.
/// </summary>
[Category("Loopback")]
[Category("Interop")]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class HtmlReportBrowserTests() : TempFolderFixture("igdlab-html-")
{
    // Two drops at one moment (stacked labels), a watchdog remap, a device renewing every second, one that polls
    // hourly and so is never restored, and a short reboot: every kind of mark in five seconds.
    private const string Scenario = """
        name: every-mark
        seed: 3
        duration: 5s
        gateways:
          - id: gw1
        devices:
          - id: nas
            gateway: gw1
            service: { protocol: TCP, port: 20000 }
          - id: cam
            gateway: gw1
            service: { protocol: TCP, port: 20001 }
            strategy: renew
            renew: { every: 1s }
          - id: tv
            gateway: gw1
            service: { protocol: TCP, port: 20002 }
            strategy: poll
            poll: { every: 1h }
        watchdog:
          probeInterval: 500ms
        faults:
          - at: 1s
            device: nas
            action: drop-mapping
          - at: 1s
            device: tv
            action: drop-mapping
          - at: 3s
            action: reboot
            downtime: 300ms
        """;

    [Test]
    public async Task Render_RealRun_DrawsTheMarksTheJsonReportHoldsWithoutErrors()
    {
        var chromium = BrowserProbe.FindChromium();
        if (chromium is null)
        {
            Assert.Ignore("chromium is not installed (Debian: apt-get install chromium); the rendered report cannot be checked");
        }

        var written = new RunReport(
            [await RunAsync(), ReportSamples.FailedTwice(), ReportSamples.Variant("watchdog", ScenarioVerdict.Passed, 1.25), ReportSamples.Variant("renew 20s", ScenarioVerdict.Failed, 9.5)],
            TimeSpan.FromSeconds(9),
            "igdlab run every-mark.yaml --html report.html") { Host = RunHost.Current(new DateTimeOffset(2026, 3, 14, 9, 0, 0, TimeSpan.Zero)) };
        var report = ReadBack(written);
        var real = report.Scenarios[0];
        Assert.That(real.Verdict, Is.Not.EqualTo(ScenarioVerdict.Error), real.Error);

        var page = await BrowserProbe.RenderAsync(chromium!, HtmlPage.Raw(report), Folder.Path);
        var svgs = page.Findings.Svgs;

        Assert.That(page.Findings.Errors, Is.Empty, "script errors");
        Assert.That(page.Console, Is.Empty, "console messages (an SVG attribute the browser rejects is one)");
        Assert.That(page.Findings.ScenarioSections, Is.EqualTo(report.Scenarios.Count), "sections as the HTML parser nested them");
        Assert.That(svgs.Sum(s => s.Outside), Is.Zero, "marks drawn outside their SVG");
        Assert.That(svgs.Sum(s => s.LabelOverlaps), Is.Zero, "fault labels drawn over each other");
        Assert.That(svgs.Select(s => s.Hatched), Is.EqualTo(svgs.Select(s => s.Open)), "never-restored outages filled with the hatch, not the sheet's red");

        for (var i = 0; i < report.Scenarios.Count; i++)
        {
            var scenario = report.Scenarios[i];
            var whole = svgs.Single(s => s.Id == $"scenario-{i + 1}-timeline");
            var closeUps = svgs.Where(s => s.Id.StartsWith($"scenario-{i + 1}-closeup-", StringComparison.Ordinal)).ToList();
            var remaps = scenario.Devices.SelectMany(d => d.Remaps).ToList();
            Assert.Multiple(() =>
            {
                Assert.That(whole.Section, Is.EqualTo($"scenario-{i + 1}"), scenario.DisplayName);
                Assert.That(whole.Faults, Is.EqualTo(scenario.Faults.Count), $"{scenario.DisplayName}: fault lines");
                Assert.That(whole.Labels, Is.EqualTo(scenario.Faults.Count), $"{scenario.DisplayName}: fault labels");
                Assert.That(whole.Devices, Is.EqualTo(scenario.Devices.Count), $"{scenario.DisplayName}: device rows");
                Assert.That(whole.Gateways, Is.EqualTo(scenario.Gateways.Count), $"{scenario.DisplayName}: gateway rows");
                Assert.That(whole.Outages, Is.EqualTo(scenario.Devices.Sum(d => d.Outages.Count)), $"{scenario.DisplayName}: outage bars");
                Assert.That(whole.Open, Is.EqualTo(scenario.Devices.Sum(d => d.Outages.Count(o => o.End is null))), $"{scenario.DisplayName}: never-restored bars");
                Assert.That(whole.Downtimes, Is.EqualTo(scenario.Gateways.Sum(g => g.Downtimes.Count)), $"{scenario.DisplayName}: gateway downtimes");
                Assert.That(whole.Instructions, Is.EqualTo(scenario.Devices.Sum(d => d.Instructions.Count)), $"{scenario.DisplayName}: instructions");
                Assert.That(whole.Instructed, Is.EqualTo(remaps.Count(r => r.Cause == RemapCause.Instructed)), $"{scenario.DisplayName}: remaps as instructed");
                Assert.That(whole.Own, Is.EqualTo(remaps.Count(r => r.Cause == RemapCause.OwnRemap)), $"{scenario.DisplayName}: own remaps");
                Assert.That(whole.Renewals, Is.EqualTo(remaps.Count(r => r.Cause == RemapCause.Renewal)), $"{scenario.DisplayName}: renewals");
                Assert.That(closeUps, Has.Count.EqualTo(FaultWindow.For(scenario).Count), $"{scenario.DisplayName}: close-ups");
                Assert.That(closeUps.Sum(c => c.Labels), Is.EqualTo(FaultWindow.For(scenario).Sum(w => w.Faults.Count)), $"{scenario.DisplayName}: faults labelled in close-ups");
            });
        }

        var compared = svgs.Single(s => s.Kind == "timeline compared");
        Assert.That(compared.Devices, Is.EqualTo(report.Scenarios.Where(s => s.Variant is not null).Sum(s => s.Devices.Count)));
        Assert.That(compared.Faults, Is.EqualTo(report.Scenarios.Where(s => s.Variant is not null).Sum(s => s.Faults.Count)));

        // The real run has what the page must show: a never-restored outage, stacked labels, remaps of every cause.
        var realWhole = svgs.Single(s => s.Id == "scenario-1-timeline");
        Assert.That(realWhole.Open, Is.GreaterThanOrEqualTo(1), "tv polls hourly and is never restored");
        Assert.That(realWhole.Instructed, Is.GreaterThanOrEqualTo(1), "nas remaps as instructed");
        Assert.That(realWhole.Renewals, Is.GreaterThanOrEqualTo(1), "cam renews every second");
        Assert.That(realWhole.Downtimes, Is.EqualTo(1), "the reboot");
        Assert.That(realWhole.Width, Is.GreaterThan(500), "the timeline is drawn at a readable size");
    }

    private async Task<ScenarioReport> RunAsync()
    {
        var file = Folder.Write("every-mark.yaml", Scenario);
        var loaded = ScenarioLoader.LoadFile(file);
        Assert.That(loaded.Diagnostics, Is.Empty, string.Join('\n', loaded.Diagnostics));
        var result = await ScenarioRunner.RunAsync(new RunSettings { File = file, Scenario = loaded.Scenario!, Seed = 3 });
        return ScenarioReportBuilder.Build(result);
    }

    // The page is drawn from what the JSON report holds: write it, read it back, draw that.
    private static RunReport ReadBack(RunReport report)
    {
        using var stream = new MemoryStream();
        new JsonReportWriter().Write(report, stream);
        stream.Position = 0;
        return JsonReportWriter.Read(stream);
    }
}
