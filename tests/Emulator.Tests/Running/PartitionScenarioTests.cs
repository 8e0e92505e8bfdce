using IgdLab.Contracts;
using IgdLab.Emulator.Reports;
using IgdLab.Emulator.Running;
using IgdLab.Emulator.Scenarios;
using IgdLab.Emulator.Tests.Scenarios;
using IgdLab.Emulator.Timeline;

namespace IgdLab.Emulator.Tests.Running;

/// <summary>
/// A partition of a gateway's WAN link on the simulated network, end to end: while the link is cut the watchdog's probes
/// and the oracle's checks go unanswered (timeouts, not refusals), and once it heals every device is reachable again.
/// </summary>
[Category("Loopback")]
public sealed class PartitionScenarioTests
{
    private static readonly TimeSpan CutAt = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan HealedAt = TimeSpan.FromSeconds(4);

    private const string Text = "name: partitioned\n" + SimulatedNetworkScenarioTests.TwoDevices + """
        faults:
          - at: 2s
            gateway: home
            action: partition
            direction: inbound
            for: 2s
        expect:
          allReachableAtEnd: true
        """;

    [Test]
    public async Task RunAsync_InboundPartition_ProbesTimeOutWhileCut_DevicesReachableOnceHealed()
    {
        var (result, report) = await ScenarioText.PlayAsync(Text, "partitioned.yaml");

        Assert.That(report.Verdict, Is.EqualTo(ScenarioVerdict.Passed), string.Join('\n', report.FailedExpectations));
        var failed = result.Timeline.OfType<ProbeFailed>().ToList();
        Assert.That(failed.Where(p => p.Result.Outcome == ProbeOutcome.Timeout).Select(p => p.Device).Distinct(), Is.EquivalentTo(new[] { "cam", "phone" }),
            "the watchdog's probes of both went unanswered");
        Assert.That(failed.Where(p => p.Result.Outcome == ProbeOutcome.Refused), Is.Empty, "a cut link refuses nothing: it does not answer");
        Assert.That(failed.Select(p => p.At), Has.All.InRange(CutAt, HealedAt + TimeSpan.FromSeconds(1)), "probes fail only while the link is cut");
        Assert.That(result.Timeline.OfType<FaultCleared>().Select(c => (c.Gateway, c.At >= HealedAt)), Is.EqualTo(new[] { ("home", true) }), "healed after its for");
        Assert.That(result.Observations.Checks.Where(c => c.Outcome == ProbeOutcome.Timeout).Select(c => c.Device).Distinct(), Is.EquivalentTo(new[] { "cam", "phone" }),
            "the oracle saw the outage through the same link");
        Assert.That(result.Analysis.Incidents.Select(i => i.Device), Is.EquivalentTo(new[] { "cam", "phone" }));
        Assert.That(result.Analysis.Incidents.Select(i => i.Restored), Has.All.GreaterThanOrEqualTo(HealedAt), "reachable again only once healed");
    }
}
