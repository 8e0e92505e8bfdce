using System.Diagnostics.Metrics;
using IgdLab.Contracts;

namespace IgdLab.Prober.Metrics;

/// <summary>
/// The watchdog's instruments on the meter <c>IgdLab.Prober</c>: probes by outcome and their duration, verdicts,
/// instructions, reports, remap failures, recoveries, detection and remap latency, devices by state, open channels.
/// Each server has its own <see cref="Meter"/> instance, so its <c>/metrics</c> shows only its own figures.
/// </summary>
/// <remarks>
/// The latencies start at what the prober sees: detection at the first failed probe, remap at the verdict. When the
/// mapping actually broke is invisible from here, so neither includes the time before the first failed probe.
/// </remarks>
internal sealed class ProberMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "IgdLab.Prober";

    private readonly Counter<long> _probes;
    private readonly Histogram<double> _probeDuration;
    private readonly Counter<long> _verdicts;
    private readonly Counter<long> _instructions;
    private readonly Counter<long> _resent;
    private readonly Counter<long> _reports;
    private readonly Counter<long> _remapFailures;
    private readonly Counter<long> _recoveries;
    private readonly Histogram<double> _detectionLatency;
    private readonly Histogram<double> _remapLatency;

    public ProberMetrics(Func<IEnumerable<Measurement<int>>> devicesByState, Func<int> openChannels)
    {
        Meter = new Meter(MeterName);
        _probes = Meter.CreateCounter<long>("igdlab.prober.probes", "{probe}", "Probes by outcome (confirming probes included).");
        _probeDuration = Meter.CreateHistogram<double>("igdlab.prober.probe.duration", "s", "How long probes took.");
        _verdicts = Meter.CreateCounter<long>("igdlab.prober.verdicts", "{verdict}", "Failure verdicts by outcome.");
        _instructions = Meter.CreateCounter<long>("igdlab.prober.instructions", "{instruction}", "Remap instructions sent.");
        _resent = Meter.CreateCounter<long>("igdlab.prober.instructions.resent", "{instruction}",
            "Outstanding instructions sent again, same id, on the device's new channel or by an instance that took the device over; not in igdlab.prober.instructions.");
        _reports = Meter.CreateCounter<long>("igdlab.prober.reports", "{report}", "Mapping reports received.");
        _remapFailures = Meter.CreateCounter<long>("igdlab.prober.remap.failures", "{failure}", "Remaps that failed, timed out or did not help.");
        _recoveries = Meter.CreateCounter<long>("igdlab.prober.recoveries", "{recovery}", "Devices reachable again after a failure verdict.");
        _detectionLatency = Meter.CreateHistogram<double>("igdlab.prober.detection.latency", "s",
            "From the first failed probe to the failure verdict. Starts at the first failed probe, not at the fault: the prober cannot see when the mapping actually broke.");
        _remapLatency = Meter.CreateHistogram<double>("igdlab.prober.remap.latency", "s",
            "From the failure verdict to the first good probe. Starts at the verdict (at or after the first failed probe), not at the fault: the prober cannot see when the mapping actually broke.");
        Meter.CreateObservableGauge("igdlab.prober.devices", devicesByState, "{device}", "Registered devices by state.");
        Meter.CreateObservableGauge("igdlab.prober.channels", openChannels, "{channel}", "Open control channels.");
    }

    public Meter Meter { get; }

    /// <summary>
    /// Every counter and histogram with each tag set it can take (each outcome, or none), for <c>/metrics</c> to show
    /// at zero before anything happened: a series that first appears at 1 gives <c>rate()</c> and <c>increase()</c>
    /// no earlier sample to compare with, and dashboards show "no data" instead of 0.
    /// </summary>
    public IEnumerable<(Instrument Instrument, KeyValuePair<string, object?>[] Tags)> SeriesFromTheStart()
    {
        foreach (var outcome in Enum.GetValues<ProbeOutcome>())
        {
            KeyValuePair<string, object?>[] tags = [OutcomeTag(outcome)];
            yield return (_probes, tags);
            yield return (_probeDuration, tags);
            if (outcome != ProbeOutcome.Ok)
            {
                yield return (_verdicts, tags);
            }
        }

        foreach (var unlabelled in new Instrument[] { _instructions, _resent, _reports, _remapFailures, _recoveries, _detectionLatency, _remapLatency })
        {
            yield return (unlabelled, []);
        }
    }

    public void Probe(ProbeOutcome outcome, TimeSpan elapsed)
    {
        var tag = OutcomeTag(outcome);
        _probes.Add(1, tag);
        _probeDuration.Record(elapsed.TotalSeconds, tag);
    }

    public void Verdict(ProbeOutcome outcome, TimeSpan detectionLatency)
    {
        _verdicts.Add(1, OutcomeTag(outcome));
        _detectionLatency.Record(detectionLatency.TotalSeconds);
    }

    public void Instruction() => _instructions.Add(1);

    public void Resent() => _resent.Add(1);

    public void Report() => _reports.Add(1);

    public void RemapFailure() => _remapFailures.Add(1);

    public void Recovery(TimeSpan remapLatency)
    {
        _recoveries.Add(1);
        _remapLatency.Record(remapLatency.TotalSeconds);
    }

    public void Dispose() => Meter.Dispose();

    /// <summary>The kebab-case name of an outcome, as in the JSON API.</summary>
    public static string Tag(ProbeOutcome outcome) => outcome switch
    {
        ProbeOutcome.Ok => "ok",
        ProbeOutcome.Refused => "refused",
        ProbeOutcome.Timeout => "timeout",
        ProbeOutcome.WrongDevice => "wrong-device",
        _ => "handshake-failure",
    };

    private static KeyValuePair<string, object?> OutcomeTag(ProbeOutcome outcome) => new("outcome", Tag(outcome));
}
