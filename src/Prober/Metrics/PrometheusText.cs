using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace IgdLab.Prober.Metrics;

/// <summary>
/// Renders one <see cref="Meter"/>'s instruments in the Prometheus text format (0.0.4) for <c>GET /metrics</c>: a
/// <see cref="MeterListener"/> sums counters and buckets histograms per tag set; gauges are observed at each scrape.
/// The series the meter's owner names up front are shown at zero from the first scrape, before any measurement.
/// Chosen over the OpenTelemetry Prometheus exporter, which is still beta, brings the OpenTelemetry SDK, and scrapes
/// whole meter providers rather than one server's own meter instance.
/// </summary>
internal sealed class PrometheusText : IDisposable
{
    private static readonly double[] Bounds = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<Instrument, Dictionary<string, Series>> _series = [];
    private readonly ConcurrentDictionary<(string Key, object? Value), string> _singleLabels = new();

    /// <summary>Listens to <paramref name="meter"/>, showing <paramref name="seriesFromTheStart"/> at zero until they are measured.</summary>
    public PrometheusText(Meter meter, IEnumerable<(Instrument Instrument, KeyValuePair<string, object?>[] Tags)> seriesFromTheStart)
    {
        var startAtZero = seriesFromTheStart.ToLookup(series => series.Instrument, series => series.Tags);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                var series = new Dictionary<string, Series>(StringComparer.Ordinal);
                foreach (var tags in startAtZero[instrument])
                {
                    series[Labels(tags)] = Series.For(instrument);
                }

                lock (_gate)
                {
                    _series[instrument] = series;
                }

                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>The exposition text of every instrument now.</summary>
    public string Render()
    {
        var text = new StringBuilder();
        lock (_gate)
        {
            // Gauges show the current value only: forget the previous scrape's tag sets first.
            foreach (var (instrument, series) in _series)
            {
                if (IsGauge(instrument))
                {
                    series.Clear();
                }
            }
        }

        _listener.RecordObservableInstruments();
        lock (_gate)
        {
            foreach (var (instrument, series) in _series.OrderBy(pair => pair.Key.Name, StringComparer.Ordinal))
            {
                Write(text, instrument, series);
            }
        }

        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = Labels(tags);
        lock (_gate)
        {
            if (!_series.TryGetValue(instrument, out var series))
            {
                return;
            }

            if (!series.TryGetValue(labels, out var one))
            {
                one = Series.For(instrument);
                series.Add(labels, one);
            }

            if (one.Buckets is { } buckets)
            {
                var index = Array.BinarySearch(Bounds, value);
                for (var i = index >= 0 ? index : ~index; i < buckets.Length; i++)
                {
                    buckets[i]++;
                }

                one.Count++;
                one.Sum += value;
            }
            else if (IsGauge(instrument))
            {
                one.Sum = value;
            }
            else
            {
                one.Sum += value;
            }
        }
    }

    private static void Write(StringBuilder text, Instrument instrument, Dictionary<string, Series> series)
    {
        var name = instrument.Name.Replace('.', '_') + (instrument.Unit == "s" ? "_seconds" : string.Empty);
        var histogram = instrument is Histogram<double>;
        var type = histogram ? "histogram" : IsGauge(instrument) ? "gauge" : "counter";
        if (type == "counter")
        {
            name += "_total";
        }

        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {instrument.Description}\n# TYPE {name} {type}\n");
        foreach (var (labels, one) in series.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (one.Buckets is not { } buckets)
            {
                text.Append(CultureInfo.InvariantCulture, $"{name}{Braces(labels)} {Number(one.Sum)}\n");
                continue;
            }

            for (var i = 0; i < Bounds.Length; i++)
            {
                text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{Braces(Join(labels, $"le=\"{Number(Bounds[i])}\""))} {buckets[i]}\n");
            }

            text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{Braces(Join(labels, "le=\"+Inf\""))} {one.Count}\n");
            text.Append(CultureInfo.InvariantCulture, $"{name}_sum{Braces(labels)} {Number(one.Sum)}\n");
            text.Append(CultureInfo.InvariantCulture, $"{name}_count{Braces(labels)} {one.Count}\n");
        }
    }

    private static bool IsGauge(Instrument instrument) => instrument is ObservableGauge<int> or ObservableGauge<long> or ObservableGauge<double>;

    private string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0)
        {
            return string.Empty;
        }

        // The hot path (one probe = two measurements with one tag) reuses the rendered label instead of building it again.
        if (tags.Length == 1)
        {
            var tag = tags[0];
            if (_singleLabels.TryGetValue((tag.Key, tag.Value), out var cached))
            {
                return cached;
            }

            var rendered = Render(tags);
            _singleLabels.TryAdd((tag.Key, tag.Value), rendered);
            return rendered;
        }

        return Render(tags);
    }

    private static string Render(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var parts = new List<string>(tags.Length);
        foreach (var (key, value) in tags)
        {
            var escaped = Convert.ToString(value, CultureInfo.InvariantCulture)?.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
            parts.Add($"{key.Replace('.', '_')}=\"{escaped}\"");
        }

        parts.Sort(StringComparer.Ordinal);
        return string.Join(',', parts);
    }

    private static string Join(string labels, string label) => labels.Length == 0 ? label : $"{labels},{label}";

    private static string Braces(string labels) => labels.Length == 0 ? string.Empty : $"{{{labels}}}";

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private sealed class Series(long[]? buckets)
    {
        public long[]? Buckets { get; } = buckets;

        /// <summary>An empty series: buckets for a histogram, a plain value otherwise.</summary>
        public static Series For(Instrument instrument) => new(instrument is Histogram<double> ? new long[Bounds.Length] : null);

        public long Count { get; set; }

        public double Sum { get; set; }
    }
}
