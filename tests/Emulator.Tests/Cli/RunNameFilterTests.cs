using IgdLab.Emulator.Cli;
using IgdLab.Emulator.Running;
using IgdLab.Emulator.Scenarios;

namespace IgdLab.Emulator.Tests.Cli;

public sealed class RunNameFilterTests
{
    private static readonly RunSettings Compared = new()
    {
        File = "strategy-comparison.yaml",
        Scenario = new Scenario { Name = "strategy-comparison", Duration = TimeSpan.FromSeconds(1) },
        Seed = 1,
        Variant = new StrategyVariant { Name = "renew 20s", Strategy = IgdLab.Device.Devices.MappingStrategyKinds.Renew },
        Backend = GatewayBackend.Virtual,
    };

    [TestCase("strategy-comparison")]
    [TestCase("strategy-*")]
    [TestCase("STRATEGY-COMPARISON")]
    [TestCase("strategy-comparison [renew 20s] on virtual")]
    [TestCase("*[renew*")]
    [TestCase("*on virtual")]
    [TestCase("strategy?comparison")]
    [TestCase("*")]
    public void Keeps_GlobMatchingTheScenarioNameOrTheWholeName_KeepsTheRun(string glob)
    {
        Assert.That(new RunNameFilter([glob]).Keeps(Compared), Is.True);
    }

    [TestCase("strategy")]
    [TestCase("strategy-comparison [renew 20s]")]
    [TestCase("*miniupnpd")]
    [TestCase("strategy??comparison")]
    [TestCase("strategy.comparison")]
    public void Keeps_GlobMatchingNeitherWhole_LeavesTheRunOut(string glob)
    {
        Assert.That(new RunNameFilter([glob]).Keeps(Compared), Is.False);
    }

    [Test]
    public void Keeps_SeveralGlobs_KeepWhatAnyMatches()
    {
        Assert.That(new RunNameFilter(["zombie-*", "strategy-*"]).Keeps(Compared), Is.True);
        Assert.That(new RunNameFilter(["zombie-*", "wan-*"]).Keeps(Compared), Is.False);
    }

    [Test]
    public void Keeps_NoGlob_KeepsEveryRun()
    {
        var filter = new RunNameFilter([]);

        Assert.That(filter.KeepsAll, Is.True);
        Assert.That(filter.Keeps(Compared), Is.True);
    }
}
