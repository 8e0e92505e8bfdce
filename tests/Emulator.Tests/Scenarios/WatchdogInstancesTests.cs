using IgdLab.Emulator.Cli;
using IgdLab.Emulator.Reports;
using IgdLab.Emulator.Running;
using IgdLab.Emulator.Scenarios;
using IgdLab.Emulator.Timeline;
using IgdLab.TestUtilities;

namespace IgdLab.Emulator.Tests.Scenarios;

/// <summary>
/// <c>watchdog: { instances, registry }</c> and the faults kill-prober and restart-prober: how a file says them, what
/// is refused, and a world of three instances on a real PostgreSQL that loses one during a WAN change.
/// </summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class WatchdogInstancesTests() : TempFolderFixture("igdlab-instances-")
{
    private const string ThreeInstances = """
        watchdog:
          instances: 3
          registry: postgres
        """;

    [Test]
    public void Parse_InstancesRegistryAndProberFaults_AreBound()
    {
        var result = ScenarioText.Load(ScenarioText.Minimal + "\n" + ThreeInstances + """

            faults:
              - at: 10s
                action: kill-prober
                instance: 2
                downtime: 5s
              - at: 20s
                action: restart-prober
            """);

        Assert.That(result.Diagnostics, Is.Empty, string.Join('\n', result.Diagnostics));
        var scenario = result.Scenario!;
        Assert.That((scenario.Watchdog.Instances, scenario.Watchdog.Registry), Is.EqualTo((3, WatchdogRegistry.Postgres)));
        Assert.That(scenario.Faults[0].Prober, Is.EqualTo(new ProberFault { Kill = true, Instance = 2, Downtime = TimeSpan.FromSeconds(5) }));
        Assert.That(scenario.Faults[0].Fault, Is.Null);
        Assert.That(scenario.Faults[0].Action, Is.EqualTo("kill-prober"));
        Assert.That(scenario.Faults[1].Prober, Is.EqualTo(new ProberFault { Kill = false }));
    }

    [Test]
    public void Validate_SeveralInstancesInMemory_AskForPostgres()
    {
        var problems = ScenarioText.Problems(ScenarioText.Minimal + """

            watchdog:
              instances: 2
            """);

        Assert.That(problems, Is.EqualTo(new[] { "test.yaml:9:14: error: watchdog.instances: 2 instances share one registry, which an in-memory one cannot be; add registry: postgres" }));
    }

    [Test]
    public void Validate_ProberFaults_TakeAnInstanceThatExists_AndNoGatewayOrDevice()
    {
        var problems = ScenarioText.Problems(ScenarioText.Minimal + "\n" + ThreeInstances + """

            faults:
              - at: 10s
                action: kill-prober
                instance: 4
              - at: 10s
                action: restart-prober
                gateway: gw1
                device: nas
              - at: 10s
                action: reboot
                instance: 1
              - at: 10s
                action: kill-prober
                calls: 2
              - at: 55s
                action: kill-prober
                downtime: 5s
            """);

        Assert.That(problems, Is.EqualTo(new[]
        {
            "test.yaml:14:15: error: faults[0].instance: must be from 1 to 3 (watchdog.instances), not 4",
            "test.yaml:17:14: error: faults[1].gateway: restart-prober hits a watchdog instance (instance: N), not a gateway or a device",
            "test.yaml:18:13: error: faults[1].device: restart-prober hits a watchdog instance (instance: N), not a gateway or a device",
            "test.yaml:21:15: error: faults[2].instance: applies only to kill-prober and restart-prober, not to reboot",
            "test.yaml:24:12: error: faults[3].calls: applies only to soap-error, not to kill-prober",
            "test.yaml:27:15: error: faults[4].downtime: the instance would still be down when the scenario ends (55s + 5s is not before 60s); leave downtime out of a kill-prober that lasts to the end",
        }));
    }

    [Test]
    public void Validate_ProberFaultWithoutAWatchdog_IsRefused()
    {
        var problems = ScenarioText.Problems(ScenarioText.Minimal.Replace("gateway: gw1", "gateway: gw1\n    strategy: renew", StringComparison.Ordinal) + """

            watchdog:
              enabled: false
            faults:
              - at: 10s
                action: kill-prober
            """);

        Assert.That(problems, Has.Some.Contains("faults[0].action: kill-prober needs the watchdog, but watchdog.enabled is false"));
    }

    [Test]
    public async Task Run_NoPostgresHere_SkipsTheScenarioWithTheReason()
    {
        var file = Folder.Write("cluster.yaml", ScenarioText.Minimal + "\n" + ThreeInstances);
        using var output = new StringWriter();
        var options = new RunOptions([file], Json: null, JUnit: null, Html: null, Seed: 1, Parallel: 1, Plain: true)
        {
            Postgres = null,
            MissingPostgresPrerequisite = () => "PostgreSQL is not installed (Debian package postgresql)",
        };

        var exit = await RunCommand.RunAsync(options, PlainConsoles.To(output), output, CancellationToken.None);

        Assert.That(exit, Is.EqualTo(ExitCodes.Success), output.ToString());
        Assert.That(output.ToString(), Does.Contain(
            "SKIP t: the watchdog's registry is on PostgreSQL, and no server was given (--postgres, IGDLAB_POSTGRES) nor can one be started here: PostgreSQL is not installed (Debian package postgresql)"));
    }

    [Test]
    [Category("Loopback")]
    [Category("Postgres")]
    public async Task Run_AnInstanceKilledDuringAWanChange_EveryDeviceIsRestoredByOneInstruction()
    {
        var loaded = ScenarioLoader.Parse("""
            name: killed
            seed: 3
            duration: 12s
            timeScale: 2
            gateways:
              - id: home
            devices:
              - generate: 6
                gateway: home
            watchdog:
              instances: 3
              registry: postgres
              probeInterval: 1s
              probeTimeout: 300ms
            faults:
              - at: 5s
                action: change-wan-ip
              - at: 5.3s
                action: kill-prober
                instance: 1
            expect:
              allReachableAtEnd: true
              maxInstructionsPerFault: 1
            """, "killed.yaml");
        Assert.That(loaded.Diagnostics, Is.Empty, string.Join('\n', loaded.Diagnostics));
        var server = await PostgresTestServer.ServerAsync();

        var result = await ScenarioRunner.RunAsync(new RunSettings { File = "killed.yaml", Scenario = loaded.Scenario!, Seed = 3, Postgres = server });
        var report = ScenarioReportBuilder.Build(result);

        var killed = result.Timeline.OfType<FaultInjected>().Single(f => f.Planned.Fault.Prober is not null);
        Assert.That(killed.Instance, Is.EqualTo(1));
        Assert.That(killed.InstanceDevices, Is.GreaterThan(0), "instance 1 probed none of the devices, so its death tested nothing");
        Assert.That(result.UnreachableAtEnd, Is.Empty);
        var wanChange = result.Analysis.Incidents.Where(i => i.FaultIndex == 0).ToList();
        Assert.That(wanChange, Has.Count.EqualTo(6));
        Assert.That(wanChange.Select(i => i.Instructions), Is.All.EqualTo(1), "each device of the WAN change got exactly one instruction");
        Assert.That(wanChange.Select(i => i.Restored), Is.All.Not.Null);
        Assert.That(report.Verdict, Is.EqualTo(ScenarioVerdict.Passed), string.Join('\n', report.Expectations.Select(e => e.ToString())));
    }
}
