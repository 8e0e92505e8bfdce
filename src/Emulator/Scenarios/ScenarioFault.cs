using IgdLab.Igd.Faults;

namespace IgdLab.Emulator.Scenarios;

/// <summary>
/// One entry of the fault schedule: when, which gateway (and devices), and what goes wrong, as the typed
/// <see cref="GatewayFault"/> the binder read once from the file. The schedule, the target and how long a SOAP fault
/// lasts belong to the scenario; the fault itself is what the gateway applies.
/// </summary>
public sealed record ScenarioFault
{
    /// <summary>When the fault fires.</summary>
    public required FaultSchedule Schedule { get; init; }

    /// <summary>
    /// The id of the gateway the fault happens on (written, or taken from the device or the only gateway), or the name of
    /// a group of gateways (<see cref="Scenario.GatewaysNamed"/>): then every firing hits the group's members, each with
    /// its own jitter.
    /// </summary>
    public required string Gateway { get; init; }

    /// <summary>
    /// For a gateway-level action on a group (<c>percent: 10</c> on a reboot): the share of the group's gateways hit at
    /// each firing, drawn anew each time (rounded up, at least one); null hits every member.
    /// </summary>
    public double? GatewayPercent { get; init; }

    /// <summary>How many of a group's <paramref name="members"/> each firing hits: all, or <see cref="GatewayPercent"/> of them rounded up, at least one.</summary>
    public int GatewaysHit(int members) =>
        GatewayPercent is { } percent ? Math.Clamp((int)Math.Ceiling(members * percent / 100), 1, Math.Max(1, members)) : members;

    /// <summary>Which devices' mappings a <see cref="MappingFault"/> hits; <see cref="FaultTarget.Gateway"/> for the others.</summary>
    public FaultTarget Target { get; init; } = FaultTarget.Gateway;

    /// <summary>
    /// What goes wrong. Null for a <see cref="Prober"/> fault, and while a file whose <c>action</c> could not be read is
    /// validated; a loaded scenario has one of the two. For a <see cref="MappingFault"/> the runner names the port of each device hit.
    /// </summary>
    public required GatewayFault? Fault { get; init; }

    /// <summary>For <c>kill-prober</c> and <c>restart-prober</c>: the watchdog instance that dies; then <see cref="Fault"/> is null and <see cref="Gateway"/> empty.</summary>
    public ProberFault? Prober { get; init; }

    /// <summary>The fault's wire name (<c>reboot</c>), for reports and messages; empty when it could not be read.</summary>
    public string Action => Fault?.Name ?? Prober?.Name ?? "";

    /// <summary>For soap-error: how many calls fail as written; null with <see cref="For"/> fails every call for that long, null without it fails one.</summary>
    public int? Calls { get; init; }

    /// <summary>For soap-error and soap-delay: how long the fault lasts before it is cleared; null keeps it (or until <see cref="Calls"/> ran out).</summary>
    public TimeSpan? For { get; init; }

    /// <summary>How many calls a soap-error fails: <see cref="Calls"/>, else one, or every call while <see cref="For"/> lasts.</summary>
    public static int SoapErrorCount(int? calls, TimeSpan? lasting) => calls ?? (lasting is null ? 1 : int.MaxValue);
}
