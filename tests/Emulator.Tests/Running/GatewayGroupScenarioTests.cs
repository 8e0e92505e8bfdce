using IgdLab.Emulator.Reports;
using IgdLab.Emulator.Running;
using IgdLab.Emulator.Scenarios;
using IgdLab.Emulator.Timeline;

namespace IgdLab.Emulator.Tests.Running;

/// <summary>
/// A group of three gateways with a fleet spread over them, played on the real runner: the fleet sits two by two
/// behind the members, and a group reboot with percent reboots a drawn share of them, each named in the timeline.
/// </summary>
[Category("Loopback")]
public sealed class GatewayGroupScenarioTests
{
    private const string Text = """
        name: groups
        duration: 8s
        timeScale: 2
        gateways:
          - { id: home, count: 3, profile: standard }
        devices:
          - { generate: 6, gateway: home }
        watchdog:
          probeInterval: 500ms
          probeTimeout: 300ms
        faults:
          - { at: 2s, jitter: 1s, gateway: home, percent: 50, action: reboot, downtime: 1s }
        expect:
          allReachableAtEnd: true
        """;

    [Test]
    public async Task RunAsync_GroupReboot_RebootsTheDrawnShareAndTheirDevicesComeBack()
    {
        var loaded = ScenarioLoader.Parse(Text, "groups.yaml");
        Assert.That(loaded.Diagnostics, Is.Empty, string.Join('\n', loaded.Diagnostics));
        var scenario = loaded.Scenario!;
        const int seed = 3;

        var result = await ScenarioRunner.RunAsync(new RunSettings { File = "groups.yaml", Scenario = scenario, Seed = seed });
        var report = ScenarioReportBuilder.Build(result);

        Assert.That(report.Verdict, Is.EqualTo(ScenarioVerdict.Passed), string.Join('\n', report.FailedExpectations));
        Assert.That(result.Devices.GroupBy(d => d.Gateway).Select(g => (g.Key, g.Count())), Is.EqualTo(new[] { ("home-1", 2), ("home-2", 2), ("home-3", 2) }));

        var planned = FaultPlanner.Plan(scenario, result.Devices.GroupBy(d => d.Gateway).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(d => d.Id)]), seed);
        var injected = result.Timeline.OfType<FaultInjected>().ToList();
        Assert.That(injected.Select(f => f.Gateway).Order(), Is.EqualTo(planned.Select(p => p.Gateway).Order()));
        Assert.That(injected, Has.Count.EqualTo(2), "half of three gateways, rounded up");
        Assert.That(injected.Select(f => f.Gateway), Is.Unique);
        foreach (var fault in injected)
        {
            Assert.That(fault.Affected, Is.EquivalentTo(result.Devices.Where(d => d.Gateway == fault.Gateway).Select(d => d.Id)), $"a reboot of {fault.Gateway} breaks its own devices");
            Assert.That(fault.At, Is.InRange(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3.5)));
        }

        Assert.That(result.Timeline.OfType<RebootCompleted>().Select(r => r.Gateway).Order(), Is.EqualTo(injected.Select(f => f.Gateway).Order()));
    }
}
