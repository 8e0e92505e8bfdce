using System.Globalization;
using IgdLab.Emulator.Reports;
using IgdLab.Emulator.Scenarios;
using IgdLab.Emulator.Text;

namespace IgdLab.Emulator.Running;

/// <summary>
/// Judges a scenario's expectations against what the run measured. A latency expectation fails when an incident was
/// never restored; when nothing broke (a strategy that prevented every outage), it holds and says so.
/// </summary>
internal static class ExpectationJudge
{
    public static IReadOnlyList<ExpectationResult> Judge(ScenarioExpectations expect, ScenarioFigures figures, MeasuredGaps gaps)
    {
        var results = new List<ExpectationResult>();
        Latency(results, "remapLatency", expect.RemapLatency, figures.RemapLatency, gaps.NeverRestored);
        Latency(results, "detectionLatency", expect.DetectionLatency, figures.DetectionLatency, gaps.NeverDetected);
        if (expect.MaxOutage is { } maxOutage)
        {
            var measured = figures.MaxOutage ?? TimeSpan.Zero;
            results.Add(ExpectationResult.Create("maxOutage", DurationText.Humanize(maxOutage), DurationText.Humanize(measured), measured <= maxOutage));
        }

        if (expect.AllReachableAtEnd is { } allReachable)
        {
            results.Add(ExpectationResult.Create(
                "allReachableAtEnd",
                Bool(allReachable),
                figures.AllReachableAtEnd ? "true" : $"false ({gaps.UnreachableAtEnd} unreachable)",
                figures.AllReachableAtEnd == allReachable));
        }

        Count(results, "falseRemaps", expect.FalseRemaps, figures.FalseRemaps, Which(gaps.FalseRemaps));
        Count(results, "leakedMappings", expect.LeakedMappings, figures.LeakedMappings);
        Count(results, "maxInstructionsPerFault", expect.MaxInstructionsPerFault, figures.MaxInstructionsPerFault);
        return results;
    }

    private static void Latency(List<ExpectationResult> results, string name, LatencyLimits? limits, LatencySummary? measured, int missing)
    {
        if (limits is null)
        {
            return;
        }

        foreach (var (key, limit, value) in new[]
        {
            ("p50", limits.P50, measured?.P50),
            ("p95", limits.P95, measured?.P95),
            ("p99", limits.P99, measured?.P99),
            ("max", limits.Max, measured?.Max),
        })
        {
            if (limit is not { } bound)
            {
                continue;
            }

            var label = $"{name}.{key}";
            if (missing > 0)
            {
                results.Add(ExpectationResult.Create(label, DurationText.Humanize(bound), $"never for {missing} broken device(s)", passed: false));
            }
            else if (value is not { } actual)
            {
                results.Add(ExpectationResult.Create(label, DurationText.Humanize(bound), "none (no device was unreachable)", passed: true));
            }
            else
            {
                results.Add(ExpectationResult.Create(label, DurationText.Humanize(bound), DurationText.Humanize(actual), actual <= bound));
            }
        }
    }

    private static void Count(List<ExpectationResult> results, string name, int? limit, int measured, string detail = "")
    {
        if (limit is { } bound)
        {
            var passed = measured <= bound;
            var text = measured.ToString(CultureInfo.InvariantCulture);
            results.Add(ExpectationResult.Create(name, bound.ToString(CultureInfo.InvariantCulture), passed || detail.Length == 0 ? text : $"{text} ({detail})", passed));
        }
    }

    // Which devices and when, so that a failed run says where to look in the timeline.
    private static string Which(IReadOnlyList<Measuring.DeviceAct> acts)
    {
        const int Shown = 3;
        var listed = string.Join(", ", acts.Take(Shown).Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.Device} at {a.At.TotalSeconds:0.0}s")));
        return acts.Count > Shown ? $"{listed} and {acts.Count - Shown} more" : listed;
    }

    private static string Bool(bool value) => value ? "true" : "false";
}

/// <summary>What the figures cannot show: incidents never restored or never detected, devices unreachable at the end.</summary>
/// <param name="NeverRestored">Broken incidents without a restoring check.</param>
/// <param name="NeverDetected">Broken incidents the system never acted on.</param>
/// <param name="UnreachableAtEnd">Devices the final sweep could not reach.</param>
/// <param name="FalseRemaps">The instructions judged false, in time order.</param>
internal sealed record MeasuredGaps(int NeverRestored, int NeverDetected, int UnreachableAtEnd, IReadOnlyList<Measuring.DeviceAct> FalseRemaps);
