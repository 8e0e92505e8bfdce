using System.Net;
using IgdLab.Emulator.Reports;
using IgdLab.Emulator.Running;
using IgdLab.Emulator.Scenarios;
using IgdLab.Emulator.Tests.Scenarios;
using IgdLab.Emulator.Timeline;

namespace IgdLab.Emulator.Tests.Running;

/// <summary>
/// A world with a gateway behind a carrier-grade NAT beside an ordinary one: the oracle finds the devices behind the
/// carrier's NAT never reachable, the ordinary one restored, and no probe of the shared address leaves loopback.
/// </summary>
[Category("Loopback")]
public sealed class CarrierGradeNatScenarioTests
{
    private static readonly IPNetwork SharedSpace = IPNetwork.Parse("100.64.0.0/10");

    private const string Text = """
        name: cgnat
        duration: 8s
        timeScale: 2
        gateways:
          - id: home
            profile: standard
            override:
              wanSide: cgnat
          - id: office
            profile: standard
        devices:
          - id: cam
            gateway: home
            service: { protocol: TCP, port: 20000 }
          - id: nas
            gateway: office
            service: { protocol: TCP, port: 20000 }
        watchdog:
          probeInterval: 500ms
          probeTimeout: 300ms
        faults:
          - at: 2s
            device: cam
            action: drop-mapping
          - at: 2s
            device: nas
            action: drop-mapping
        expect:
          allReachableAtEnd: false
        """;

    [Test]
    public async Task RunAsync_CgnatGateway_DeviceNeverRestoredAndItsProbesNeverSent()
    {
        var (result, report) = await ScenarioText.PlayAsync(Text, "cgnat.yaml");

        Assert.That(report.Verdict, Is.EqualTo(ScenarioVerdict.Passed), string.Join('\n', report.FailedExpectations));
        Assert.That(result.UnreachableAtEnd, Is.EqualTo(new[] { "cam" }));
        Assert.That(result.Observations.Checks.Where(c => c.Device == "cam").Select(c => c.Reachable), Is.Not.Empty.And.All.False);
        Assert.That(result.Analysis.Incidents.Single(i => i.Device == "cam").Restored, Is.Null, "never restored");
        Assert.That(result.Analysis.Incidents.Single(i => i.Device == "nas").Restored, Is.Not.Null, "the ordinary gateway's device comes back");

        var camMapped = result.Timeline.OfType<DeviceMapped>().Where(e => e.Device == "cam").ToList();
        Assert.That(camMapped, Is.Not.Empty);
        Assert.That(camMapped.Select(e => e.Result.ExternalAddress), Has.All.Matches<IPAddress?>(a => a is not null && SharedSpace.Contains(a)));

        var probes = result.Timeline.OfType<ProbeFailed>().ToList();
        var offLoopback = probes.Where(p => !IPAddress.IsLoopback(p.Target.Address)).ToList();
        Assert.That(offLoopback.Where(p => p.Device == "cam"), Is.Not.Empty, "the watchdog tried the shared address");
        Assert.That(
            offLoopback.Select(p => p.Result.Detail),
            Has.All.EqualTo($"{offLoopback[0].Target.Address} is outside the lab network (carrier-grade NAT space); not probed"),
            "every probe off loopback was refused before it was sent");
    }
}
