using IgdLab.Emulator.Reports;
using static IgdLab.Emulator.Tests.Reports.ReportSamples;

namespace IgdLab.Emulator.Tests.Reports;

public sealed class FaultWindowTests
{
    [Test]
    public void For_RestoredFault_SpansFromJustBeforeItToJustAfterTheLastRestoration()
    {
        // nas: fault at 15 s, restored at 30 s; a tenth of the 15 s on either side.
        var window = FaultWindow.For(Passed()).Single();

        Assert.That(window, Is.EqualTo(new FaultWindow([0], S(13.5), S(31.5))).Using(new WindowComparer()));
    }

    [Test]
    public void For_ShortOutageInALongScenario_IsAFewHundredMilliseconds()
    {
        var scenario = Scenario(60, [Fault(10, "nas")], Device("nas", new DeviceIncident(S(10), 0, Ms(10_664), Ms(10_677), 1)));

        var window = FaultWindow.For(scenario).Single();

        // A tenth of the 677 ms on either side.
        Assert.That(window.Start, Is.EqualTo(S(10) - Ms(67.7)));
        Assert.That(window.End, Is.EqualTo(Ms(10_677) + Ms(67.7)));
    }

    [Test]
    public void For_NeverRestored_RunsToTheEnd()
    {
        var window = FaultWindow.For(FailedTwice()).Single();

        Assert.That(window.End, Is.EqualTo(S(60)));
        Assert.That(window.Start, Is.LessThan(S(45)));
    }

    [Test]
    public void For_FaultsAtOneMomentOrWhileAnotherIsOpen_ShareOneWindow()
    {
        var scenario = Scenario(
            60,
            [Fault(10, "nas"), Fault(10, "tv"), Fault(11, "tv"), Fault(40, "nas")],
            Device("nas", new DeviceIncident(S(10), 0, null, S(12), 0), new DeviceIncident(S(40), 3, null, S(41), 0)),
            Device("tv", new DeviceIncident(S(10), 1, null, S(10.5), 0)));

        var windows = FaultWindow.For(scenario);

        Assert.That(windows.Select(w => w.Faults), Is.EqualTo(new[] { new[] { 0, 1, 2 }, new[] { 3 } }));
    }

    [Test]
    public void For_FaultThatBrokeNothing_ShowsOneSecondAfterIt()
    {
        var scenario = Scenario(60, [Fault(20, "nas")], Device("nas"));

        var window = FaultWindow.For(scenario).Single();

        Assert.That(window.End - window.Start, Is.EqualTo(S(1.2)));
    }

    [Test]
    public void For_MoreFaultsThanWindows_KeepsTheUnrestoredAndSlowestInTimeOrder()
    {
        var faults = Enumerable.Range(0, 12).Select(i => Fault(10 + (i * 5), "nas")).ToArray();
        var incidents = Enumerable.Range(0, 12)
            .Select(i => new DeviceIncident(S(10 + (i * 5)), i, null, i == 11 ? null : S(10 + (i * 5) + (0.1 * (i + 1))), 0))
            .ToArray();
        var scenario = Scenario(80, faults, Device("nas", incidents));

        var windows = FaultWindow.For(scenario);

        Assert.That(windows, Has.Count.EqualTo(FaultWindow.MaxWindows));
        Assert.That(windows.Select(w => w.Faults[0]), Is.Ordered);
        Assert.That(windows.SelectMany(w => w.Faults), Does.Contain(11), "the unrestored one");
        Assert.That(windows.SelectMany(w => w.Faults), Does.Contain(10), "the slowest restored one");
        Assert.That(windows.SelectMany(w => w.Faults), Is.EquivalentTo(Enumerable.Range(4, 8)), "the four fastest are left out");
        Assert.That(FaultWindow.Left(scenario, windows), Is.EqualTo(4));
    }

    private static ScenarioReport Scenario(double seconds, FaultRecord[] faults, params DeviceTimeline[] devices) => Passed() with
    {
        Duration = S(seconds),
        Faults = faults,
        Devices = devices,
        Events = [],
        Gateways = [],
    };

    private static FaultRecord Fault(double seconds, string device) => new(S(seconds), "drop-mapping", "gw1", [device], null);

    private static DeviceTimeline Device(string id, params DeviceIncident[] incidents) =>
        new() { DeviceId = id, Strategy = "watchdog", Incidents = incidents };

    private sealed class WindowComparer : IEqualityComparer<FaultWindow>
    {
        public bool Equals(FaultWindow? x, FaultWindow? y) =>
            x is not null && y is not null && x.Faults.SequenceEqual(y.Faults) && x.Start == y.Start && x.End == y.End;

        public int GetHashCode(FaultWindow obj) => obj.Start.GetHashCode();
    }
}
