using System.Globalization;
using IgdLab.Emulator.Measuring;
using IgdLab.Emulator.Reports;
using IgdLab.Emulator.Scenarios;

namespace IgdLab.Emulator.Running;

/// <summary>Turns a run's measurements into its report: figures, judged expectations, device timelines, faults and events.</summary>
internal static class ScenarioReportBuilder
{
    public static ScenarioReport Build(RunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var settings = run.Settings;
        var scenario = settings.Scenario;
        var analysis = run.Analysis;
        var broken = analysis.Incidents.Where(i => i.Broken).ToList();
        var figures = new ScenarioFigures
        {
            DeviceCount = run.Devices.Count,
            FaultCount = run.Observations.Faults.Count,
            // An incident never restored (or never detected) is a latency of "never", counted in n and every percentile.
            RemapLatency = LatencySummary.Of(broken.Select(i => i.RemapLatency)),
            DetectionLatency = LatencySummary.Of(broken.Select(i => i.DetectionLatency)),
            RestoreAfterReturn = LatencySummary.Of(GatewayReturns.From(run.Timeline).RestoreLatencies(broken, GatewayOf, scenario.Duration)),
            MaxOutage = analysis.Outages.Count == 0 ? null : analysis.Outages.Max(o => o.Length(scenario.Duration)),
            FalseRemaps = analysis.FalseRemaps.Count,
            LeakedMappings = run.LeakedMappings.Count,
            Instructions = run.Observations.Instructions.Count,
            MaxInstructionsPerFault = analysis.Incidents.Where(i => i.FaultIndex is not null).Select(i => i.Instructions).DefaultIfEmpty(0).Max(),
            AllReachableAtEnd = run.UnreachableAtEnd.Count == 0,
            SoapRequests = (int)Math.Min(int.MaxValue, run.SoapRequests),
            ClockLag = run.ClockLag,
            CpuBusy = run.CpuLoad,
            WatchdogProbes = run.WatchdogProbes,
        };
        string? GatewayOf(Incident incident) => incident.FaultIndex is { } index
            ? run.Observations.Faults[index].Gateway
            : run.Devices.FirstOrDefault(d => d.Id == incident.Device)?.Gateway;

        var gaps = new MeasuredGaps(
            UnrestoredDevices: broken.Where(i => i.Restored is null).Select(i => i.Device).Distinct(StringComparer.Ordinal).Count(),
            UndetectedDevices: broken.Where(i => i.Detected is null).Select(i => i.Device).Distinct(StringComparer.Ordinal).Count(),
            UnreachableAtEnd: run.UnreachableAtEnd.Count,
            FalseRemaps: analysis.FalseRemaps);
        var expect = settings.Variant?.Over(scenario.Expect) ?? scenario.Expect;
        var expectations = ExpectationJudge.Judge(expect, figures, gaps);
        return new ScenarioReport
        {
            Name = scenario.Name,
            File = settings.File,
            Description = scenario.Description ?? "",
            Seed = settings.Seed,
            TimeScale = scenario.TimeScale,
            Duration = scenario.Duration,
            WallTime = run.WallTime,
            SetUpTime = run.SetUpTime,
            Variant = settings.Variant?.Name,
            Backend = settings.BackendName,
            Verdict = expectations.All(e => e.Passed) ? ScenarioVerdict.Passed : ScenarioVerdict.Failed,
            Expectations = expectations,
            Figures = figures,
            Warnings = [.. TestbedLoad.Warnings(expect, run.ClockLag, run.CpuLoad, run.WatchdogProbes), .. BackendDifferences.Of(scenario, expect)],
            Devices = DeviceTimelines.From(run),
            Gateways = GatewayTimelines.From(scenario.Gateways.Select(g => g.Id), run.Timeline),
            Faults = [.. run.Observations.Faults.Select(f => new FaultRecord(f.At, f.Name, f.Gateway, f.Affected, null))],
            Events = [.. run.Timeline, .. run.LeakedMappings],
            ReplayCommand = ReplayCommand(settings),
        };
    }

    /// <summary>The report of a run that could not be carried out.</summary>
    public static ScenarioReport Error(RunSettings settings, string error, TimeSpan wallTime) =>
        Unmeasured(settings, wallTime) with { Verdict = ScenarioVerdict.Error, Error = error };

    /// <summary>The report of a run this host cannot make (no root, no namespaces, no daemon): skipped with the reason.</summary>
    public static ScenarioReport Skipped(RunSettings settings, string reason) =>
        Unmeasured(settings, TimeSpan.Zero) with { Verdict = ScenarioVerdict.Skipped, SkipReason = reason };

    private static ScenarioReport Unmeasured(RunSettings settings, TimeSpan wallTime) => new()
    {
        Name = settings.Scenario.Name,
        File = settings.File,
        Description = settings.Scenario.Description ?? "",
        Seed = settings.Seed,
        TimeScale = settings.Scenario.TimeScale,
        Duration = settings.Scenario.Duration,
        WallTime = wallTime,
        Variant = settings.Variant?.Name,
        Backend = settings.BackendName,
        Verdict = ScenarioVerdict.Error,
        ReplayCommand = ReplayCommand(settings),
    };

    /// <summary>
    /// The command that replays one run: the file, the seed, the variant and backend when there are several (only that
    /// one runs), and the network when <c>--network</c> chose it.
    /// </summary>
    public static string ReplayCommand(RunSettings settings) =>
        ReplayCommand(settings.File, settings.Seed, settings.Variant?.Name, settings.BackendName)
        + (settings.Network is { } network ? " --network " + ScenarioVocabulary.NameOf(network) : "");

    /// <summary>The command that replays one run: the file, the seed, and the variant and backend when there are several (only that one runs).</summary>
    public static string ReplayCommand(string file, int seed, string? variant = null, string? backend = null) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"igdlab run {Quote(file)} --seed {seed}{(variant is null ? "" : " --variant " + Quote(variant))}{(backend is null ? "" : " --backend " + backend)}");

    private static string Quote(string text) =>
        text.Length == 0 || text.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '$' or '`' or '\\' or '&' or '|' or ';' or '<' or '>' or '(' or ')' or '*' or '?' or '#' or '~' or '!')
            ? "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'"
            : text;
}
