using IgdLab.Emulator.Running;
using IgdLab.Emulator.Scenarios;
using IgdLab.TestUtilities;

namespace IgdLab.Emulator.Tests.Running;

public sealed class DescriptorBudgetTests
{
    [Test]
    public void Check_TheLibrarysTenThousandDeviceWorld_FitsTheLimitHere()
    {
        var scenario = Fleet(devices: 9000, homes: 90, campus: 1000);

        Assert.That(DescriptorBudget.Needed(scenario), Is.EqualTo(10_000 + (8 * 91) + 3000));
        Assert.That(() => DescriptorBudget.Check(scenario, 20_000), Throws.Nothing);
    }

    [Test]
    public void Check_AWorldTooLargeForTheLimit_FailsBeforeSetUp_WithBothNumbersAndWhatToDo()
    {
        var scenario = Fleet(devices: 19_000, homes: 190, campus: 1000);

        Assert.That(
            () => DescriptorBudget.Check(scenario, 20_000),
            Throws.TypeOf<TestbedException>().With.Message.EqualTo(
                "the world needs about 24,528 file descriptors at once (20,000 devices behind 191 gateways, with room for probes, checks and rediscovery) and this process may open 20,000 (ulimit -n): raise the limit or split the fleet over several scenarios"));
        Assert.That(() => DescriptorBudget.Check(scenario, limit: null), Throws.Nothing, "where the limit cannot be read, the run tries");
    }

    [Test]
    public void Check_TheSameWorldOnTheSimulatedNetwork_HoldsNoDescriptorPerDevice()
    {
        var scenario = Fleet(devices: 19_000, homes: 190, campus: 1000) with { Network = WorldNetwork.Simulated };

        Assert.That(DescriptorBudget.Needed(scenario), Is.LessThan(1_000));
        Assert.That(() => DescriptorBudget.Check(scenario, 20_000), Throws.Nothing);
    }

    [Test]
    public void ProcessLimit_ReadsTheSoftLimitOfOpenFiles()
    {
        using var folder = new TempFolder("igdlab-limits-");
        var limits = folder.Write("limits", """
            Limit                     Soft Limit           Hard Limit           Units
            Max processes             unlimited            unlimited            processes
            Max open files            20000                524288               files
            """);

        Assert.That(DescriptorBudget.ProcessLimit(limits), Is.EqualTo(20_000));
        Assert.That(DescriptorBudget.ProcessLimit(Path.Combine(folder.Path, "missing")), Is.Null);
    }

    private static Scenario Fleet(int devices, int homes, int campus)
    {
        var loaded = ScenarioLoader.Parse($"""
            name: fleet
            duration: 60s
            gateways:
              - {"{"} id: home, count: {homes} {"}"}
              - {"{"} id: campus {"}"}
            devices:
              - {"{"} generate: {devices}, gateway: home {"}"}
              - {"{"} generate: {campus}, gateway: campus {"}"}
            """, "fleet.yaml");
        Assert.That(loaded.Diagnostics, Is.Empty, string.Join('\n', loaded.Diagnostics));
        return loaded.Scenario!;
    }
}
