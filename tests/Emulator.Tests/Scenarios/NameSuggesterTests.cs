using IgdLab.Emulator.Scenarios;

namespace IgdLab.Emulator.Tests.Scenarios;

public sealed class NameSuggesterTests
{
    private static readonly string[] WatchdogKeys = ["enabled", "probeInterval", "probeTimeout", "timeoutConfirmations", "maxConcurrentProbes"];

    [TestCase("probeIntervall", "probeInterval")]
    [TestCase("probeintervall", "probeInterval")]
    [TestCase("probeTimout", "probeTimeout")]
    [TestCase("enabeld", "enabled")]
    [TestCase("interval", "probeInterval")]
    [TestCase("timeoutConfirmation", "timeoutConfirmations")]
    public void Suggest_NearMiss_GivesTheIntendedKey(string typo, string expected)
    {
        Assert.That(NameSuggester.Suggest(typo, WatchdogKeys), Is.EqualTo(expected));
    }

    [TestCase("colour")]
    [TestCase("x")]
    [TestCase("probe")]
    public void Suggest_NothingNear_GivesNull(string word)
    {
        Assert.That(NameSuggester.Suggest(word, WatchdogKeys), Is.Null);
    }

    [Test]
    public void Suggest_VeryLongWord_GivesNullWithoutBuildingAHugeTable()
    {
        Assert.That(NameSuggester.Suggest(new string('p', 100_000), WatchdogKeys), Is.Null);
    }

    [TestCase("ab", "ba", 1)]
    [TestCase("nas", "nsa", 1)]
    [TestCase("kitten", "sitting", 3)]
    [TestCase("", "abc", 3)]
    [TestCase("same", "same", 0)]
    public void Distance_CountsEditsWithAdjacentSwapsAsOne(string a, string b, int expected)
    {
        Assert.That(NameSuggester.Distance(a, b), Is.EqualTo(expected));
    }

    [Test]
    public void Hint_NothingNear_ListsTheCandidates()
    {
        Assert.That(NameSuggester.Hint("zzz", ["TCP", "UDP"]), Is.EqualTo(" (expected one of: TCP, UDP)"));
        Assert.That(NameSuggester.Hint("tcp", ["TCP", "UDP"]), Is.EqualTo("; did you mean 'TCP'?"));
    }
}
