using System.Diagnostics.Metrics;
using IgdLab.Contracts;
using IgdLab.Prober.Metrics;

namespace IgdLab.Prober.Tests.Metrics;

public sealed class PrometheusTextTests
{
    [Test]
    public void Render_CountersHistogramsAndGauges_InExpositionFormat()
    {
        using var metrics = new ProberMetrics(() => [new Measurement<int>(3, new KeyValuePair<string, object?>("state", "healthy"))], () => 2);
        using var text = new PrometheusText(metrics.Meter, metrics.SeriesFromTheStart());
        metrics.Probe(ProbeOutcome.Ok, TimeSpan.FromMilliseconds(3));
        metrics.Probe(ProbeOutcome.Ok, TimeSpan.FromMilliseconds(30));
        metrics.Probe(ProbeOutcome.WrongDevice, TimeSpan.FromMilliseconds(2));
        metrics.Instruction();

        var rendered = text.Render();

        Assert.That(rendered, Does.Contain("# TYPE igdlab_prober_probes_total counter\n"));
        Assert.That(rendered, Does.Contain("igdlab_prober_probes_total{outcome=\"ok\"} 2\n"));
        Assert.That(rendered, Does.Contain("igdlab_prober_probes_total{outcome=\"wrong-device\"} 1\n"));
        Assert.That(rendered, Does.Contain("igdlab_prober_probes_total{outcome=\"refused\"} 0\n"), "not yet counted: shown at zero");
        Assert.That(rendered, Does.Not.Contain("igdlab_prober_probes_total{outcome=\"ok\"} 0\n"), "the zero series is the counted one");
        Assert.That(rendered, Does.Contain("igdlab_prober_instructions_total 1\n"));
        Assert.That(rendered, Does.Contain("# TYPE igdlab_prober_probe_duration_seconds histogram\n"));
        Assert.That(rendered, Does.Contain("igdlab_prober_probe_duration_seconds_bucket{outcome=\"ok\",le=\"0.005\"} 1\n"));
        Assert.That(rendered, Does.Contain("igdlab_prober_probe_duration_seconds_bucket{outcome=\"ok\",le=\"+Inf\"} 2\n"));
        Assert.That(rendered, Does.Contain("igdlab_prober_probe_duration_seconds_count{outcome=\"ok\"} 2\n"));
        Assert.That(rendered, Does.Contain("igdlab_prober_devices{state=\"healthy\"} 3\n"));
        Assert.That(rendered, Does.Contain("igdlab_prober_channels 2\n"));
    }

    [TestCase("igdlab_prober_detection_latency_seconds", "Starts at the first failed probe, not at the fault")]
    [TestCase("igdlab_prober_remap_latency_seconds", "Starts at the verdict (at or after the first failed probe), not at the fault")]
    public void Render_LatencyHelp_SaysTheClockStartsAtTheFirstFailedProbeNotAtTheFault(string name, string start)
    {
        using var metrics = new ProberMetrics(() => [], () => 0);
        using var text = new PrometheusText(metrics.Meter, metrics.SeriesFromTheStart());

        var help = text.Render().Split('\n').Single(line => line.StartsWith($"# HELP {name} ", StringComparison.Ordinal));

        Assert.That(help, Does.Contain(start));
        Assert.That(help, Does.Contain("the prober cannot see when the mapping actually broke"));
    }

    [Test]
    public void Render_AnotherServersMeter_IsNotIncluded()
    {
        using var mine = new ProberMetrics(() => [], () => 0);
        using var theirs = new ProberMetrics(() => [], () => 0);
        using var text = new PrometheusText(mine.Meter, mine.SeriesFromTheStart());

        theirs.Instruction();

        Assert.That(text.Render(), Does.Not.Contain("igdlab_prober_instructions_total 1"));
    }
}
