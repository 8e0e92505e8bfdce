using System.Globalization;
using System.Net;
using IgdLab.Emulator.Reports;
using IgdLab.Emulator.Running;
using IgdLab.Emulator.Scenarios;

namespace IgdLab.Emulator.Tests.Running;

/// <summary>A run leaves nothing behind — no TCP listener, no UDP socket on its world's addresses — whatever its outcome.</summary>
[Category("Loopback")]
[NonParallelizable]
public sealed class ScenarioRunnerTeardownTests
{
    private const string Text = """
        name: teardown
        duration: 4s
        gateways:
          - id: gw1
        devices:
          - id: nas
            gateway: gw1
            service: { protocol: TCP, port: 20000 }
          - id: console
            gateway: gw1
            service: { protocol: UDP, port: 3074 }
            strategy: watchdog+events
        watchdog:
          probeInterval: 500ms
        faults:
          - at: 1s
            device: nas
            action: drop-mapping
        expect:
          remapLatency: { max: 1ms }
        """;

    private static Scenario Scenario() => ScenarioLoader.Parse(Text, "teardown.yaml").Scenario!;

    [Test]
    public async Task RunAsync_FailingScenario_LeavesNoSocketOnItsAddresses()
    {
        var result = await ScenarioRunner.RunAsync(new RunSettings { File = "teardown.yaml", Scenario = Scenario(), Seed = 1 });
        var report = ScenarioReportBuilder.Build(result);

        Assert.That(report.Verdict, Is.EqualTo(ScenarioVerdict.Failed), "the 1 ms limit cannot be met");
        Assert.That(report.FailedExpectations.Single().Name, Is.EqualTo("remapLatency.max"));
        Assert.That(result.SetUpTime, Is.GreaterThan(TimeSpan.Zero).And.LessThan(result.WallTime - TimeSpan.FromSeconds(4)), "set-up ends before the scenario's 4 s play");
        Assert.That(report.SetUpTime, Is.EqualTo(result.SetUpTime));
        Assert.That(WorldSockets(), Is.Empty);
    }

    [Test]
    public void RunAsync_SetUpThatCannotFinish_ThrowsTestbedErrorAndLeavesNoSocket()
    {
        var settings = new RunSettings { File = "teardown.yaml", Scenario = Scenario(), Seed = 1, SetupTimeout = TimeSpan.FromMilliseconds(1) };

        Assert.That(async () => await ScenarioRunner.RunAsync(settings), Throws.TypeOf<TestbedException>().With.Message.Contains("not ready"));
        Assert.That(WorldSockets(), Is.Empty);
    }

    [Test]
    public void RunAsync_SetUpCutOffWhileManyDevicesAreMapping_SaysTheWorldWasNotReady_NotWhatTeardownMet()
    {
        // Enough devices that set-up cannot finish in 0.7 s on any machine (2,000 take about 3 s on two cores; 300 no
        // longer took 0.7 s).
        const string Fleet = """
            name: busy-set-up
            duration: 4s
            gateways:
              - id: home
                count: 20
            devices:
              - generate: 2000
                gateway: home
            """;
        var settings = new RunSettings
        {
            File = "busy-set-up.yaml", Scenario = ScenarioLoader.Parse(Fleet, "busy-set-up.yaml").Scenario!, Seed = 1, SetupTimeout = TimeSpan.FromMilliseconds(700),
        };

        Assert.That(
            async () => await ScenarioRunner.RunAsync(settings),
            Throws.TypeOf<TestbedException>().With.Message.StartsWith("the world was not ready within 1 s: "));
        Assert.That(WorldSockets(), Is.Empty);
    }

    [Test]
    public void SetupTimeout_ByDefault_GrowsWithTheWorld()
    {
        var small = new RunSettings { File = "teardown.yaml", Scenario = Scenario(), Seed = 1 };
        var large = small with { Scenario = Scenario() with { Fleets = [new ScenarioDeviceFleet { Count = 10_000, Gateway = "gw1" }] } };

        Assert.That(small.SetupTimeout, Is.EqualTo(TimeSpan.FromSeconds(60.04)));
        Assert.That(large.SetupTimeout, Is.EqualTo(TimeSpan.FromSeconds(260.04)));
    }

    [Test]
    public void RunAsync_WanAddressHostCannotBind_ThrowsTestbedErrorAtSetUpAndLeavesNoSocket()
    {
        var settings = new RunSettings { File = "teardown.yaml", Scenario = Scenario(), Seed = 1, CanBindWanAddress = _ => false };

        Assert.That(
            async () => await ScenarioRunner.RunAsync(settings),
            Throws.TypeOf<TestbedException>().With.Message.StartsWith("setting up the world failed: the address must be bindable: "));
        Assert.That(WorldSockets(), Is.Empty);
    }

    [Test]
    public void RunAsync_ChangeWanIpWithNoBindableAddress_ThrowsTestbedErrorWithTheReasonAndLeavesNoSocket()
    {
        // A world whose next WAN addresses the host cannot bind (a fake check: tests name only loopback addresses).
        const string WanChange = """
            name: wan-change
            duration: 2s
            gateways:
              - id: gw1
            devices:
              - id: nas
                gateway: gw1
                service: { protocol: TCP, port: 20000 }
            faults:
              - at: 1s
                action: change-wan-ip
            """;
        var scenario = ScenarioLoader.Parse(WanChange, "wan-change.yaml").Scenario!;
        // The first address asked about is the one the gateway starts with; every later one is refused.
        var asked = 0;
        var settings = new RunSettings
        {
            File = "wan-change.yaml", Scenario = scenario, Seed = 1, CanBindWanAddress = _ => Interlocked.Increment(ref asked) == 1,
        };

        Assert.That(
            async () => await ScenarioRunner.RunAsync(settings),
            Throws.TypeOf<TestbedException>().With.Message.StartsWith("fault change-wan-ip on gw1 at ").And.Message.Contains("no bindable WAN address"));
        Assert.That(WorldSockets(), Is.Empty);
    }

    [Test]
    public async Task RunAsync_Cancelled_ThrowsAndLeavesNoSocket()
    {
        using var cancel = new CancellationTokenSource();
        var run = ScenarioRunner.RunAsync(
            new RunSettings { File = "teardown.yaml", Scenario = Scenario() with { Duration = TimeSpan.FromMinutes(10) }, Seed = 1 },
            new Progress<RunProgress>(p =>
            {
                if (p.Phase == "running")
                {
                    cancel.Cancel();
                }
            }),
            cancellationToken: cancel.Token);

        Assert.That(async () => await run, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(WorldSockets(), Is.Empty);
    }

    // Every world of this process draws from 127.(128 + pid % 64).0.0/16 (see AddressPlan); no other test uses it.
    private static List<string> WorldSockets()
    {
        var second = 128 + (Environment.ProcessId % 64);
        var found = new List<string>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/udp" })
        {
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var local = fields[1].Split(':');
                var address = new IPAddress(uint.Parse(local[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                var bytes = address.GetAddressBytes();
                var state = fields[3];

                // TIME_WAIT (06) and CLOSE entries of closed connections are the kernel's, not ours.
                var open = table.EndsWith("udp", StringComparison.Ordinal) || state is "0A" or "01";
                if (bytes[0] == 127 && bytes[1] == second && open)
                {
                    found.Add($"{table} {address}:{int.Parse(local[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture)} state {state}");
                }
            }
        }

        return found;
    }
}
