using System.Text.Json.Serialization;

namespace IgdLab.Emulator.Reports;

/// <summary>The result of one <c>igdlab run</c>: every scenario (one entry per strategy variant of a compared scenario).</summary>
/// <param name="Scenarios">The scenario results, in the order they were given on the command line.</param>
/// <param name="WallTime">Wall-clock time of the whole run (scenarios may run in parallel); seconds in JSON.</param>
/// <param name="CommandLine">The command line as typed, e.g. <c>igdlab run scenarios/ --junit out/junit.xml</c>.</param>
public sealed record RunReport(IReadOnlyList<ScenarioReport> Scenarios, TimeSpan WallTime, string CommandLine)
{
    /// <summary>When and where the run was made; null when not recorded.</summary>
    public RunHost? Host { get; init; }

    /// <summary>The shard of the suite this run played (<c>--shard 2/4</c>); null when it played everything.</summary>
    public Running.RunShard? Shard { get; init; }

    /// <summary>Scenario results whose verdict is <see cref="ScenarioVerdict.Passed"/>.</summary>
    [JsonPropertyOrder(1)]
    public int Passed => Scenarios.Count(s => s.Verdict == ScenarioVerdict.Passed);

    /// <summary>Scenario results that failed an expectation or hit a testbed error (the "N failed" of the last line).</summary>
    [JsonPropertyOrder(1)]
    public int Failed => Scenarios.Count(s => s.Verdict is ScenarioVerdict.Failed or ScenarioVerdict.Error);

    /// <summary>Scenario runs this host could not make (e.g. a real-router backend without root); neither passed nor failed.</summary>
    [JsonPropertyOrder(1)]
    public int Skipped => Scenarios.Count(s => s.Verdict == ScenarioVerdict.Skipped);

    /// <summary>The subset of <see cref="Failed"/> that hit a testbed error rather than an expectation.</summary>
    [JsonPropertyOrder(1)]
    public int Errors => Scenarios.Count(s => s.Verdict == ScenarioVerdict.Error);

    /// <summary>The closing line of a run, <c>N passed, N failed</c>, and <c>, N skipped</c> when any was.</summary>
    [JsonIgnore]
    public string ClosingLine => $"{Passed} passed, {Failed} failed" + (Skipped > 0 ? $", {Skipped} skipped" : "");
}
