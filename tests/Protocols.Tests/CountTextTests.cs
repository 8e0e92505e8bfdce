namespace IgdLab.Protocols.Tests;

public sealed class CountTextTests
{
    [TestCase(1, ExpectedResult = "1 fault")]
    [TestCase(0, ExpectedResult = "0 faults")]
    [TestCase(2, ExpectedResult = "2 faults")]
    [TestCase(-1, ExpectedResult = "-1 faults")]
    public string Of_OneIsSingular_EveryOtherCountPlural(long count) => CountText.Of(count, "fault");

    [Test]
    public void Of_SeveralWordsAndIrregularPlurals()
    {
        Assert.That(CountText.Of(1, "scenario run"), Is.EqualTo("1 scenario run"));
        Assert.That(CountText.Of(3, "scenario run"), Is.EqualTo("3 scenario runs"));
        Assert.That(CountText.Of(2, "entry", "entries"), Is.EqualTo("2 entries"));
        Assert.That(CountText.Of(1, "entry", "entries"), Is.EqualTo("1 entry"));
    }
}
