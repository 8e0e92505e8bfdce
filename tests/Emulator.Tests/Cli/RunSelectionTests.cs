using IgdLab.Emulator.Cli;
using IgdLab.Emulator.Running;
using IgdLab.Emulator.Scenarios;
using IgdLab.Emulator.Tests.Scenarios;

namespace IgdLab.Emulator.Tests.Cli;

/// <summary><see cref="RunSelection"/> over the real scenario library.</summary>
public sealed class RunSelectionTests
{
    [Test]
    public void Select_ShardsOfTheLibrary_ForOneToFiveJobs_PlayEveryRunExactlyOnce()
    {
        var all = Select(shard: null);
        Assert.That(all, Is.Not.Empty);

        for (var count = 1; count <= 5; count++)
        {
            var shards = Enumerable.Range(1, count).Select(i => Select(new RunShard(i, count))).ToList();

            var union = shards.SelectMany(s => s).ToList();
            Assert.That(union, Is.EquivalentTo(all), $"{count} shards together play the whole library");
            Assert.That(union, Is.Unique, $"{count} shards are disjoint");
            var scenarioShards = shards.SelectMany((s, i) => s.Select(run => (Scenario: run.Scenario, Shard: i))).Distinct().GroupBy(x => x.Scenario);
            Assert.That(scenarioShards.Select(g => g.Count()), Is.All.EqualTo(1), "every run of a scenario lands in one shard");
        }
    }

    [Test]
    public void Select_NetworkSimulated_EveryRunOnIt_RealDaemonRunsSkippedWithTheReason()
    {
        var options = new RunOptions([ScenarioText.LibraryFolder], Json: null, JUnit: null, Html: null, Seed: 1, Parallel: 1, Plain: true)
        {
            Network = WorldNetwork.Simulated,
            MissingMiniupnpdPrerequisite = () => null,
        };
        using var output = new StringWriter();

        var runs = RunSelection.Select(options, output) ?? throw new AssertionException(output.ToString());

        Assert.That(runs.Select(r => r.Scenario.Network), Has.All.EqualTo(WorldNetwork.Simulated));
        var daemon = runs.Where(r => r.Scenario.Gateways.Any(g => g.Backend == GatewayBackend.Miniupnpd)).ToList();
        Assert.That(daemon, Is.Not.Empty, "the library has runs on miniupnpd");
        Assert.That(daemon.Select(r => r.SkipReason), Has.All.Contains("cannot play on the simulated network"));
        Assert.That(runs.Except(daemon).Select(r => r.SkipReason), Has.All.Null);
        Assert.That(ScenarioReportBuilder.ReplayCommand(runs[0]), Does.EndWith(" --network simulated"), "the replay line plays it on the same network");
    }

    [Test]
    public void Select_NetworkSockets_RunsImpairingLinksSkippedWithTheReason()
    {
        var options = new RunOptions([ScenarioText.LibraryFolder], Json: null, JUnit: null, Html: null, Seed: 1, Parallel: 1, Plain: true)
        {
            Network = WorldNetwork.Sockets,
            MissingMiniupnpdPrerequisite = () => null,
        };
        using var output = new StringWriter();

        var runs = RunSelection.Select(options, output) ?? throw new AssertionException(output.ToString());

        var impairing = runs.Where(r => r.Scenario.ImpairsLinks).ToList();
        Assert.That(impairing.Select(r => r.Scenario.Name), Does.Contain("lossy-wan-link"), "the library has a scenario with an impaired link");
        Assert.That(impairing.Select(r => r.SkipReason), Has.All.Contains("a kernel socket's link cannot be impaired"));
        Assert.That(runs.Except(impairing).Where(r => r.Scenario.Gateways.All(g => g.Backend == GatewayBackend.Virtual)).Select(r => r.SkipReason), Has.All.Null);
    }

    private static List<(string Scenario, string Run)> Select(RunShard? shard)
    {
        var options = new RunOptions([ScenarioText.LibraryFolder], Json: null, JUnit: null, Html: null, Seed: 1, Parallel: 1, Plain: true)
        {
            Shard = shard,
            MissingMiniupnpdPrerequisite = () => null,
        };
        using var output = new StringWriter();
        var runs = RunSelection.Select(options, output) ?? throw new AssertionException(output.ToString());
        return [.. runs.Select(r => (r.Scenario.Name, r.DisplayName))];
    }
}
