using IgdLab.Device.Devices;
using IgdLab.Emulator.Running;
using IgdLab.Emulator.Scenarios;

namespace IgdLab.Emulator.Tests.Running;

public sealed class VariantSelectionTests
{
    private static readonly Scenario Compared = new()
    {
        Name = "strategies",
        Duration = TimeSpan.FromSeconds(10),
        Compare =
        [
            new StrategyVariant { Name = "watchdog", Strategy = MappingStrategyKinds.Watchdog },
            new StrategyVariant { Name = "renew 20s", Strategy = MappingStrategyKinds.Renew },
        ],
    };

    [Test]
    public void Select_NoName_RunsEveryVariant()
    {
        var variants = VariantSelection.Select(Compared, null, out var problem);

        Assert.That(problem, Is.Null);
        Assert.That(variants.Select(v => v!.Name), Is.EqualTo(new[] { "watchdog", "renew 20s" }));
    }

    [Test]
    public void Select_Name_RunsOnlyThatVariant()
    {
        var variants = VariantSelection.Select(Compared, "renew 20s", out var problem);

        Assert.That(problem, Is.Null);
        Assert.That(variants.Single()!.Name, Is.EqualTo("renew 20s"));
    }

    [Test]
    public void Select_UnknownName_ListsTheVariantsAndRunsNothing()
    {
        var variants = VariantSelection.Select(Compared, "renew", out var problem);

        Assert.That(variants, Is.Empty);
        Assert.That(problem, Is.EqualTo("--variant renew: scenario strategies has no such variant; its variants: watchdog, renew 20s"));
    }

    [Test]
    public void Select_ScenarioWithoutCompare_RunsItOnceOrRefusesAName()
    {
        var plain = Compared with { Name = "plain", Compare = [] };

        Assert.That(VariantSelection.Select(plain, null, out _), Is.EqualTo(new StrategyVariant?[] { null }));
        Assert.That(VariantSelection.Select(plain, "watchdog", out var problem), Is.Empty);
        Assert.That(problem, Is.EqualTo("--variant watchdog: scenario plain has no compare: entries"));
    }
}
