using System.Text.Json.Serialization;
using IgdLab.Emulator.Timeline;

namespace IgdLab.Emulator.Reports;

/// <summary>
/// The result of one scenario run, or of one strategy variant when the scenario has <c>compare:</c>.
/// All times are scenario time (scaled clock) relative to the scenario's start, except <see cref="WallTime"/>.
/// </summary>
public sealed record ScenarioReport
{
    /// <summary>The scenario's <c>name</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The scenario file's path as given on the command line (JUnit's classname).</summary>
    public required string File { get; init; }

    /// <summary>The scenario's <c>description</c>; empty when it has none.</summary>
    public string Description { get; init; } = "";

    /// <summary>The seed every random choice derived from (given, or drawn and recorded).</summary>
    public required int Seed { get; init; }

    /// <summary>Scenario seconds per wall second (<c>timeScale</c>).</summary>
    public double TimeScale { get; init; } = 1;

    /// <summary>The scenario's planned length in scenario time; seconds in JSON.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>How long the run took on the wall clock; seconds in JSON.</summary>
    public TimeSpan WallTime { get; init; }

    /// <summary>The part of <see cref="WallTime"/> spent building the world until every device had mapped; seconds in JSON.</summary>
    public TimeSpan SetUpTime { get; init; }

    /// <summary>The strategy variant (e.g. <c>watchdog</c>, <c>renew 20s</c>) when the scenario has <c>compare:</c>; otherwise null.</summary>
    public string? Variant { get; init; }

    /// <summary>
    /// What played the gateways (<c>virtual</c>, <c>miniupnpd</c>) when the scenario has <c>backends:</c>, one run per
    /// backend; otherwise null.
    /// </summary>
    public string? Backend { get; init; }

    /// <summary>How the run ended.</summary>
    public required ScenarioVerdict Verdict { get; init; }

    /// <summary>The testbed error when <see cref="Verdict"/> is <see cref="ScenarioVerdict.Error"/>; otherwise null.</summary>
    public string? Error { get; init; }

    /// <summary>Why the run was not made when <see cref="Verdict"/> is <see cref="ScenarioVerdict.Skipped"/>; otherwise null.</summary>
    public string? SkipReason { get; init; }

    /// <summary>Every expectation of the scenario with its measured value, passed or not.</summary>
    public IReadOnlyList<ExpectationResult> Expectations { get; init; } = [];

    /// <summary>The figures the oracle measured.</summary>
    public ScenarioFigures Figures { get; init; } = new();

    /// <summary>What a reader should know before trusting the figures, e.g. that the machine was overloaded.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>One timeline per device: outages, instructions, remaps.</summary>
    public IReadOnlyList<DeviceTimeline> Devices { get; init; } = [];

    /// <summary>One timeline per gateway: downtimes, mappings removed and added, WAN address changes.</summary>
    public IReadOnlyList<GatewayTimeline> Gateways { get; init; } = [];

    /// <summary>The faults injected, in time order.</summary>
    public IReadOnlyList<FaultRecord> Faults { get; init; } = [];

    /// <summary>The full timeline, in time order: faults, mapping changes, WAN changes, probe verdicts, instructions, reports, oracle transitions.</summary>
    public IReadOnlyList<TimelineEvent> Events { get; init; } = [];

    /// <summary>The exact command that replays this run, e.g. <c>igdlab run scenarios/x.yaml --seed 42</c>.</summary>
    public required string ReplayCommand { get; init; }

    /// <summary>
    /// The name with the variant in brackets and the backend after "on" when there are: <c>strategies [renew 20s]</c>,
    /// <c>one-mapping-dropped on miniupnpd</c>.
    /// </summary>
    [JsonIgnore]
    public string DisplayName => RunName.Of(Name, Variant, Backend);

    /// <summary>The expectations that were not met.</summary>
    [JsonIgnore]
    public IEnumerable<ExpectationResult> FailedExpectations => Expectations.Where(e => !e.Passed);
}
