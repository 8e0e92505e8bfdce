using IgdLab.Emulator.Measuring;
using IgdLab.Emulator.Reports;
using IgdLab.Emulator.Timeline;

namespace IgdLab.Emulator.Running;

/// <summary>What one run observed and measured, before expectations are judged.</summary>
public sealed record RunResult
{
    /// <summary>The run's settings (seed included).</summary>
    public required RunSettings Settings { get; init; }

    /// <summary>Wall time of the run, set-up and tear-down included.</summary>
    public required TimeSpan WallTime { get; init; }

    /// <summary>Wall time from the start of the run until the world was built and every device mapped (scenario time 0).</summary>
    public TimeSpan SetUpTime { get; init; }

    /// <summary>The raw observations.</summary>
    public required RunObservations Observations { get; init; }

    /// <summary>Incidents, outages and false remaps.</summary>
    public required IncidentAnalysis Analysis { get; init; }

    /// <summary>The timeline, in scenario time since the start.</summary>
    public required IReadOnlyList<TimelineEvent> Timeline { get; init; }

    /// <summary>Every device: id, gateway, strategy, whether the watchdog kept it.</summary>
    public required IReadOnlyList<DeviceSummary> Devices { get; init; }

    /// <summary>When each device reported a new mapping after the start.</summary>
    public required IReadOnlyList<DeviceAct> Remaps { get; init; }

    /// <summary>Gateway table entries that no live device owned at the end (timed at the scenario's end).</summary>
    public required IReadOnlyList<MappingLeaked> LeakedMappings { get; init; }

    /// <summary>SOAP control requests the gateways received between the start and the end: what keeping the mappings cost.</summary>
    public long SoapRequests { get; init; }

    /// <summary>Devices the end-of-run sweep could not reach.</summary>
    public required IReadOnlyList<string> UnreachableAtEnd { get; init; }

    /// <summary>How late the scenario clock's timers woke while the run played (scenario time); null when not measured.</summary>
    public LatencySummary? ClockLag { get; init; }

    /// <summary>How busy the CPUs were while the run played; null when not measured.</summary>
    public CpuLoad? CpuLoad { get; init; }

    /// <summary>The watchdog's probes a second while the run played, against the due rate; null without a watchdog.</summary>
    public ProbeRate? WatchdogProbes { get; init; }
}

/// <summary>One device of a run.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Gateway">Its gateway.</param>
/// <param name="Strategy">Its strategy in the scenario's words.</param>
/// <param name="Watched">Whether the watchdog kept it.</param>
public sealed record DeviceSummary(string Id, string Gateway, string Strategy, bool Watched);
