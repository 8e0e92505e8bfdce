using System.Text;
using IgdLab.Emulator.Reports;
using IgdLab.Emulator.Scenarios;
using IgdLab.Emulator.Timeline;
using static IgdLab.Emulator.Tests.Reports.HtmlPage;
using static IgdLab.Emulator.Tests.Reports.ReportSamples;

namespace IgdLab.Emulator.Tests.Reports;

/// <summary>A run of 10,000 devices behind 100 gateways: the page stays a few megabytes and says what it left out.</summary>
public sealed partial class HtmlReportWriterTests
{
    private const int Homes = 100;
    private const int DevicesPerHome = 100;
    private const int RebootedHomes = 10;

    [Test]
    public void Write_TenThousandDevicesBehindAHundredGateways_StaysSmallAndSaysWhatIsLeftOut()
    {
        var scenario = RegionOutage();

        var raw = Raw(Of(scenario));
        var page = System.Xml.Linq.XDocument.Parse(raw);
        var section = Sections(page).Single();
        var svg = Svgs(page).Single();

        Assert.That(Encoding.UTF8.GetByteCount(raw), Is.LessThan(2 * 1024 * 1024), "a few megabytes at most (about 0.6 MB today)");
        var gatewayRows = svg.Descendants(Svg + "g").Where(g => Class(g) == "gateway").ToList();
        Assert.That(gatewayRows, Has.Count.EqualTo(TimelineDrawings.MaxGatewayRows));
        var drawn = gatewayRows.Select(g => (string)g.Attribute("data-gateway")!).ToList();
        Assert.That(drawn, Is.SupersetOf(scenario.Faults.Where(f => f.Action == "reboot").Select(f => f.Gateway)), "the rebooted gateways are drawn first");
        Assert.That(drawn, Is.Ordered, "in their own order");
        var notes = svg.Descendants(Svg + "text").Where(t => Class(t) == "more").Select(t => t.Value).ToList();
        Assert.That(notes, Has.Some.EqualTo($"{Homes - TimelineDrawings.MaxGatewayRows} more gateways not drawn (those with the fewest downtimes); the JSON report has every gateway"));
        Assert.That(notes, Has.Some.StartsWith($"{(Homes * DevicesPerHome) - SvgTimeline.MaxRows} more devices not drawn"));

        var table = WithClass(section, "devices").Single(e => e.Name == Html + "table");
        var rows = table.Elements(Html + "tr").Skip(1).ToList();
        Assert.That(rows, Has.Count.EqualTo(HtmlDeviceTable.MaxRows));
        Assert.That(rows.Take(RebootedHomes * 10).Select(r => (string)r.Attribute("class")!), Has.All.EqualTo("failed"), "never-restored devices are listed first");
        Assert.That(
            section.Descendants(Html + "p").Select(p => p.Value),
            Has.Some.EqualTo($"{(Homes * DevicesPerHome) - HtmlDeviceTable.MaxRows} more devices left out of this table (those with the shortest outages); the JSON report (--json) has every device."));
    }

    [Test]
    public void Write_SmallRun_LeavesNothingOut()
    {
        var raw = Raw(Of(Passed()));

        Assert.That(raw, Does.Not.Contain("left out").And.Not.Contain("not drawn"));
    }

    // 100 homes of 100 devices; a tenth of the homes reboot between 20 s and 30 s, their devices out until 40 s and the
    // first ten of each never restored; one background drop every 2 s elsewhere.
    private static ScenarioReport RegionOutage()
    {
        var homes = GatewayGroups.MemberIds("home", Homes);
        var rebooted = homes.Where((_, i) => i % 10 == 3).ToHashSet(StringComparer.Ordinal);
        var faults = new List<FaultRecord>();
        var gateways = new List<GatewayTimeline>();
        var devices = new List<DeviceTimeline>();
        var rebootAt = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var (home, index) in homes.Select((h, i) => (h, i)).Where(p => rebooted.Contains(p.h)))
        {
            rebootAt[home] = S(20 + index / 10.0);
        }

        for (var h = 0; h < homes.Count; h++)
        {
            var home = homes[h];
            var ids = Enumerable.Range(1, DevicesPerHome).Select(n => $"pc-{(h * DevicesPerHome) + n:D4}-a1b2c3").ToList();
            if (rebootAt.TryGetValue(home, out var at))
            {
                faults.Add(new FaultRecord(at, "reboot", home, ids, null));
                gateways.Add(new GatewayTimeline { Gateway = home, Downtimes = [new GatewayDowntime(at, at + S(5), "reboot")], MappingsAdded = [S(40)] });
            }
            else
            {
                gateways.Add(new GatewayTimeline { Gateway = home, MappingsAdded = [S(1)] });
            }

            for (var n = 0; n < ids.Count; n++)
            {
                var hit = rebootAt.TryGetValue(home, out var down);
                var never = hit && n < 10;
                devices.Add(new DeviceTimeline
                {
                    DeviceId = ids[n],
                    Gateway = home,
                    Strategy = "watchdog",
                    Outages = hit ? [new Outage(down, never ? null : S(40))] : [],
                    Instructions = hit ? [down + S(2)] : [],
                    Remaps = [new DeviceRemap(S(1), RemapCause.Renewal), .. hit && !never ? [new DeviceRemap(S(39), RemapCause.Instructed)] : Array.Empty<DeviceRemap>()],
                    Incidents = hit ? [new DeviceIncident(down, faults.Count - 1, down + S(2), never ? null : S(40), 1)] : [],
                });
            }
        }

        for (var t = 5; t < 600; t += 2)
        {
            var device = devices[(t * 37) % devices.Count];
            faults.Add(new FaultRecord(S(t), "drop-mapping", device.Gateway, [device.DeviceId], "TCP 3389"));
        }

        faults.Sort((a, b) => a.At.CompareTo(b.At));
        var events = devices.SelectMany(d => d.Outages.Select(o => (TimelineEvent)new DeviceUnreachable(o.Start, d.DeviceId, null, null))).ToList();
        return Passed() with
        {
            Name = "fleet-10k-region-outage",
            Duration = S(600),
            Verdict = ScenarioVerdict.Failed,
            Devices = devices,
            Gateways = gateways,
            Faults = faults,
            Events = [.. events.OrderBy(e => e.At)],
            Figures = Passed().Figures with { DeviceCount = devices.Count, FaultCount = faults.Count },
        };
    }
}
