using IgdLab.Contracts;
using IgdLab.Emulator.Reports;
using IgdLab.Emulator.Running;
using IgdLab.Emulator.Scenarios;
using IgdLab.Emulator.Tests.Scenarios;
using IgdLab.Emulator.Timeline;

namespace IgdLab.Emulator.Tests.Running;

/// <summary>
/// A world on the simulated network: the same gateways, devices and watchdog, with the WAN ports, probes and checks
/// in memory. A dropped mapping is found refused (by the in-memory network, not a kernel) and restored.
/// </summary>
[Category("Loopback")]
public sealed class SimulatedNetworkScenarioTests
{
    /// <summary>
    /// A TCP and a UDP device behind one home gateway on the simulated network, probed every 500 ms: other tests of
    /// that network add their name and faults.
    /// </summary>
    internal const string TwoDevices = """
        network: simulated
        duration: 8s
        timeScale: 2
        gateways:
          - id: home
            profile: standard
        devices:
          - id: cam
            gateway: home
            service: { protocol: TCP, port: 20000 }
          - id: phone
            gateway: home
            service: { protocol: UDP, port: 20001 }
        watchdog:
          probeInterval: 500ms
          probeTimeout: 300ms

        """;

    private const string Text = "name: simulated\n" + TwoDevices + """
        faults:
          - at: 2s
            device: cam
            action: drop-mapping
          - at: 2s
            device: phone
            action: drop-mapping
        expect:
          allReachableAtEnd: true
          falseRemaps: 0
        """;

    [Test]
    public async Task RunAsync_DroppedMappings_RefusedInMemoryAndRestored()
    {
        var (result, report) = await ScenarioText.PlayAsync(Text, "simulated.yaml");

        Assert.That(report.Verdict, Is.EqualTo(ScenarioVerdict.Passed), string.Join('\n', report.FailedExpectations));
        Assert.That(result.Analysis.Incidents.Select(i => i.Device), Is.EquivalentTo(new[] { "cam", "phone" }));
        Assert.That(result.Analysis.Incidents.Select(i => i.Restored), Has.All.Not.Null);
        var refused = result.Timeline.OfType<ProbeFailed>().Where(p => p.Result.Outcome == ProbeOutcome.Refused).ToList();
        Assert.That(refused.Select(p => p.Device).Distinct(), Is.EquivalentTo(new[] { "cam", "phone" }), "the watchdog found both dropped mappings");
        Assert.That(refused.Select(p => p.Result.Detail), Has.All.EqualTo("nothing is offered there"), "the WAN ports live on the simulated network, not the kernel");
        Assert.That(result.Observations.Checks.Where(c => c.Outcome == ProbeOutcome.Refused).Select(c => c.Device).Distinct(), Is.EquivalentTo(new[] { "cam", "phone" }),
            "the oracle saw the outage through the same network");
    }
}
