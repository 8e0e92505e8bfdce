using IgdLab.Emulator.Reports;
using static IgdLab.Emulator.Tests.Reports.HtmlPage;
using static IgdLab.Emulator.Tests.Reports.ReportSamples;

namespace IgdLab.Emulator.Tests.Reports;

public sealed class HtmlComparisonSectionTests
{
    [Test]
    public void Write_ComparedScenario_VariantsStackedOnOneTimeAxis()
    {
        var comparison = Parse(Run()).Descendants(Html + "section").Single(s => Class(s) == "comparison");
        var svg = comparison.Descendants(Svg + "svg").Single();
        var headings = WithClass(svg, "heading-label").Select(t => t.Value).ToArray();

        Assert.That(Class(svg), Is.EqualTo("timeline compared"));
        Assert.That(headings, Has.Length.EqualTo(2));
        Assert.That(headings[0], Does.StartWith("watchdog · PASS"));
        Assert.That(headings[1], Does.StartWith("renew 20s · FAIL"));
        Assert.That(svg.Descendants(Svg + "g").Count(g => Class(g) == "device"), Is.EqualTo(4), "both devices of both variants");
        Assert.That(svg.Descendants(Svg + "g").Count(g => Class(g) == "fault"), Is.EqualTo(2), "each variant's fault across its own rows");
        Assert.That(WithClass(svg, "fault-label").Count(), Is.EqualTo(1), "labelled once");

        // One axis: the same outage start sits at the same x in both blocks.
        var starts = WithClass(svg, "outage").Select(r => Number(r, "x")).ToArray();
        Assert.That(starts, Has.Length.EqualTo(2));
        Assert.That(starts[0], Is.EqualTo(starts[1]).Within(0.01));
    }

    [Test]
    public void Write_ComparedScenario_AReplayLinePerVariantSelectsIt()
    {
        var comparison = Parse(Run()).Descendants(Html + "section").Single(s => Class(s) == "comparison");

        Assert.That(comparison.Descendants(Html + "li").Select(li => li.Element(Html + "code")!.Value), Is.EqualTo(new[]
        {
            "igdlab run scenarios/compare.yaml --seed 11 --variant watchdog",
            "igdlab run scenarios/compare.yaml --seed 11 --variant 'renew 20s'",
        }));
    }
}
