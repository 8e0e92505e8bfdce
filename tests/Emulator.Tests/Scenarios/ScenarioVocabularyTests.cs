using IgdLab.Device.Devices;
using IgdLab.Emulator.Scenarios;

namespace IgdLab.Emulator.Tests.Scenarios;

public sealed class ScenarioVocabularyTests
{
    [TestCase("watchdog", MappingStrategyKinds.Watchdog)]
    [TestCase("watchdog+events", MappingStrategyKinds.Watchdog | MappingStrategyKinds.Events)]
    [TestCase("events+watchdog", MappingStrategyKinds.Watchdog | MappingStrategyKinds.Events)]
    [TestCase("renew+poll", MappingStrategyKinds.Renew | MappingStrategyKinds.Poll)]
    [TestCase("none", MappingStrategyKinds.None)]
    public void TryParseStrategy_KnownNames_GivesTheFlags(string text, MappingStrategyKinds expected)
    {
        Assert.That(ScenarioVocabulary.TryParseStrategy(text, out var kinds, out var problem), Is.True, problem);
        Assert.That(kinds, Is.EqualTo(expected));
    }

    [TestCase("watchdg", "unknown strategy 'watchdg'; did you mean 'watchdog'?")]
    [TestCase("renew+renew", "'renew' appears twice in 'renew+renew'")]
    [TestCase("none+poll", "'none' (map once) cannot be combined with other strategies in 'none+poll'")]
    [TestCase("watchdog+", "unknown strategy '' in 'watchdog+' (expected one of: watchdog, renew, poll, events, none)")]
    public void TryParseStrategy_BadText_SaysWhy(string text, string expected)
    {
        Assert.That(ScenarioVocabulary.TryParseStrategy(text, out _, out var problem), Is.False);
        Assert.That(problem, Is.EqualTo(expected));
    }

    [TestCase("watchdog+events", MappingStrategyKinds.Watchdog | MappingStrategyKinds.Events)]
    [TestCase("watchdog,events", MappingStrategyKinds.Watchdog | MappingStrategyKinds.Events)]
    [TestCase("Watchdog, Poll", MappingStrategyKinds.Watchdog | MappingStrategyKinds.Poll)]
    [TestCase("renew,", MappingStrategyKinds.Renew)]
    [TestCase("none", MappingStrategyKinds.None)]
    [TestCase("", MappingStrategyKinds.None)]
    public void TryParseStrategy_CommandLine_TakesPlusAndTheCommaAlias(string text, MappingStrategyKinds expected)
    {
        Assert.That(ScenarioVocabulary.TryParseStrategy(text, out var kinds, out var problem, commandLine: true), Is.True, problem);
        Assert.That(kinds, Is.EqualTo(expected));
    }

    [TestCase("watchdog,events")]
    [TestCase("Watchdog")]
    public void TryParseStrategy_ScenarioFile_TakesNeitherTheCommaNorOtherCases(string text) =>
        Assert.That(ScenarioVocabulary.TryParseStrategy(text, out _, out _), Is.False);

    [Test]
    public void TryParseStrategy_CommandLineUnknownName_SaysWhyInTheUsersText()
    {
        Assert.That(ScenarioVocabulary.TryParseStrategy("watchdog,sometimes", out _, out var problem, commandLine: true), Is.False);
        Assert.That(problem, Does.StartWith("unknown strategy 'sometimes' in 'watchdog,sometimes'"));
    }

    [Test]
    public void FormatStrategy_EveryCombination_ParsesBackToItself()
    {
        for (var flags = 0; flags < 16; flags++)
        {
            var kinds = (MappingStrategyKinds)flags;
            var text = ScenarioVocabulary.FormatStrategy(kinds);

            Assert.That(ScenarioVocabulary.TryParseStrategy(text, out var parsed, out _), Is.True, text);
            Assert.That(parsed, Is.EqualTo(kinds), text);
            Assert.That(text, Does.Match(ScenarioVocabulary.StrategyPattern));
        }
    }

    [Test]
    public void DeviceKinds_AreKebabCaseOfEveryKind()
    {
        Assert.That(ScenarioVocabulary.DeviceKinds.Keys, Is.EquivalentTo(new[] { "nas", "set-top-box", "ip-camera", "pc", "game-console" }));
        Assert.That(ScenarioVocabulary.DeviceKinds.Values, Is.EquivalentTo(Enum.GetValues<DeviceKind>()));
    }
}
