using IgdLab.Emulator.Text;

namespace IgdLab.Emulator.Tests.Text;

public sealed class DurationTextTests
{
    [TestCase("300ms", 300)]
    [TestCase("2s", 2000)]
    [TestCase("1.5s", 1500)]
    [TestCase("2m", 120_000)]
    [TestCase("1h", 3_600_000)]
    [TestCase("5", 5000)]
    [TestCase(" 10s ", 10_000)]
    public void TryParse_ValidText_GivesDuration(string text, double milliseconds)
    {
        Assert.That(DurationText.TryParse(text, out var duration), Is.True);
        Assert.That(duration.TotalMilliseconds, Is.EqualTo(milliseconds));
    }

    [TestCase("")]
    [TestCase("fast")]
    [TestCase("-1s")]
    [TestCase("1x")]
    [TestCase("s")]
    [TestCase("99999999999999999d")]
    [TestCase("1000000000000000000000000000000000000000")]
    public void TryParse_InvalidText_Fails(string text)
    {
        Assert.That(DurationText.TryParse(text, out _), Is.False);
    }

    [Test]
    public void Format_RoundTrips()
    {
        Assert.That(DurationText.Format(TimeSpan.FromSeconds(5)), Is.EqualTo("5s"));
        Assert.That(DurationText.Format(TimeSpan.FromMilliseconds(1500)), Is.EqualTo("1500ms"));
    }
}
