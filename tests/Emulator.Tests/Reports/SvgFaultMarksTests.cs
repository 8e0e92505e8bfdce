using IgdLab.Emulator.Reports;
using static IgdLab.Emulator.Tests.Reports.ReportSamples;

namespace IgdLab.Emulator.Tests.Reports;

public sealed class SvgFaultMarksTests
{
    private static readonly TimelineScale Scale = new(S(30), SvgTimeline.PlotLeft, SvgTimeline.PlotWidth);

    [Test]
    public void Place_TwoFaultsAtOneMoment_TakeTwoLanes()
    {
        // Before lanes, these two printed on top of each other as "drop-mappingchange-wan-ip".
        var labels = SvgFaultMarks.Place(Scale, [Fault(10, "drop-mapping"), Fault(10, "change-wan-ip")]);

        Assert.That(labels.Lanes, Is.EqualTo(2));
        Assert.That(labels.Placed.Select(l => l.Lane), Is.EqualTo(new[] { 0, 1 }));
    }

    [Test]
    public void Place_FaultsFarApart_ShareTheFirstLane()
    {
        var labels = SvgFaultMarks.Place(Scale, [Fault(5, "drop-mapping"), Fault(15, "drop-mapping"), Fault(25, "reboot")]);

        Assert.That(labels.Lanes, Is.EqualTo(1));
        Assert.That(labels.Placed.Select(l => l.Centre), Is.EqualTo(new[] { Scale.X(S(5)), Scale.X(S(15)), Scale.X(S(25)) }).Within(0.01));
    }

    [Test]
    public void Place_DenseSchedule_NoTwoLabelsOfALaneOverlapAndLanesAreCapped()
    {
        var faults = Enumerable.Range(0, 40).Select(i => Fault(i * 0.5, i % 2 == 0 ? "drop-mapping" : "change-wan-ip")).ToArray();

        var labels = SvgFaultMarks.Place(Scale, faults);

        Assert.That(labels.Lanes, Is.EqualTo(SvgFaultMarks.MaxLanes));
        Assert.That(labels.Placed, Has.Count.LessThan(faults.Length));
        foreach (var lane in labels.Placed.GroupBy(l => l.Lane))
        {
            var spans = lane.Select(l => (Left: l.Centre - HalfWidth(l), Right: l.Centre + HalfWidth(l))).OrderBy(s => s.Left).ToArray();
            Assert.That(spans.Zip(spans.Skip(1)).All(pair => pair.First.Right <= pair.Second.Left), $"lane {lane.Key} overlaps");
        }
    }

    [Test]
    public void Place_FaultOutsideTheWindow_IsLeftOut()
    {
        var window = new TimelineScale(S(10), S(12), SvgTimeline.PlotLeft, SvgTimeline.PlotWidth, S(10));

        var labels = SvgFaultMarks.Place(window, [Fault(5, "reboot"), Fault(10, "drop-mapping")]);

        Assert.That(labels.Placed.Select(l => l.Fault.Action), Is.EqualTo(new[] { "drop-mapping" }));
    }

    // The width Place reserves for a label, without the gap it keeps between two.
    private static double HalfWidth(FaultLabel label) => ((label.Fault.Action.Length * 6.6) + 4) / 2;

    private static FaultRecord Fault(double seconds, string action) => new(S(seconds), action, "gw1", [], null);
}
