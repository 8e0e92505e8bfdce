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

    [TestCase(0, "0ms")]
    [TestCase(0.4, "0ms")]
    [TestCase(850, "850ms")]
    [TestCase(999.4, "999ms")]
    [TestCase(999.6, "1s")]
    [TestCase(1000, "1s")]
    [TestCase(1250, "1.25s")]
    [TestCase(1255, "1.26s")]
    [TestCase(2314, "2.31s")]
    [TestCase(59_994, "59.99s")]
    [TestCase(59_996, "1m00s")]
    [TestCase(125_000, "2m05s")]
    [TestCase(3_599_400, "59m59s")]
    [TestCase(3_725_000, "1h02m05s")]
    [TestCase(-1500, "-1.5s")]
    public void Humanize_Duration_RoundsToTheShownUnit(double milliseconds, string expected)
    {
        Assert.That(DurationText.Humanize(TimeSpan.FromMilliseconds(milliseconds)), Is.EqualTo(expected));
    }
}
