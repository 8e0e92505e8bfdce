namespace IgdLab.Emulator.Reports;

/// <summary>
/// What the reachability oracle measured in one scenario run (scenario time). A default instance means nothing was
/// measured, e.g. when the testbed failed before the scenario started.
/// </summary>
public sealed record ScenarioFigures
{
    /// <summary>How many devices the world had.</summary>
    public int DeviceCount { get; init; }

    /// <summary>How many faults were injected.</summary>
    public int FaultCount { get; init; }

    /// <summary>Fault → device reachable again, per fault and broken device; null when no device was broken. Seconds in JSON.</summary>
    public LatencySummary? RemapLatency { get; init; }

    /// <summary>Fault → the watchdog's first failure verdict, per fault and broken device; null when nothing was detected. Seconds in JSON.</summary>
    public LatencySummary? DetectionLatency { get; init; }

    /// <summary>
    /// The gateway answering again → device reachable again, per broken incident a gateway downtime held up (reboot,
    /// UPnP off until on, a SOAP error or delay burst with <c>for</c>); never for one not restored; null when no downtime
    /// held any incident up. Remap latency includes the downtime; this shows what recovery took once the router was back.
    /// Seconds in JSON.
    /// </summary>
    public LatencySummary? RestoreAfterReturn { get; init; }

    /// <summary>The longest outage of any device (an unrestored one counts until the end); null when none. Seconds in JSON.</summary>
    public TimeSpan? MaxOutage { get; init; }

    /// <summary>Instructions sent while the device was reachable.</summary>
    public int FalseRemaps { get; init; }

    /// <summary>Gateway table entries that no live device owns at the end.</summary>
    public int LeakedMappings { get; init; }

    /// <summary>
    /// Mapping instructions the watchdog sent in total, counted by id: an instruction sent again on the device's new
    /// channel (same id) is one instruction.
    /// </summary>
    public int Instructions { get; init; }

    /// <summary>The most instructions any one device received for one fault.</summary>
    public int MaxInstructionsPerFault { get; init; }

    /// <summary>SOAP requests the gateways received from devices (the cost of a strategy); null when not counted.</summary>
    public int? SoapRequests { get; init; }

    /// <summary>
    /// How late the scenario clock's timers woke while the run played (scenario time): near zero on a machine with
    /// room to spare; large when the machine was overloaded and the latencies measure it too. Null when not measured.
    /// Seconds in JSON.
    /// </summary>
    public LatencySummary? ClockLag { get; init; }

    /// <summary>
    /// How busy the CPUs were while the run played (the whole machine where Linux's <c>/proc/stat</c> can be read):
    /// near 1 means the probes, checks and remaps also waited for a core, and the latencies measure the machine too.
    /// Null when not measured.
    /// </summary>
    public CpuLoad? CpuBusy { get; init; }

    /// <summary>The watchdog's probes a second, achieved against due (scenario time); null without a watchdog.</summary>
    public ProbeRate? WatchdogProbes { get; init; }

    /// <summary>Whether the oracle reached every device at the end of the scenario.</summary>
    public bool AllReachableAtEnd { get; init; }
}
