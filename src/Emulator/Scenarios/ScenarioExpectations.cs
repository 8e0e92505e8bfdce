namespace IgdLab.Emulator.Scenarios;

/// <summary>What the run must achieve; a null limit is not checked.</summary>
public sealed record ScenarioExpectations
{
    /// <summary>Limits on restored time − fault time.</summary>
    public LatencyLimits? RemapLatency { get; init; }

    /// <summary>Limits on the watchdog's first failure verdict − fault time.</summary>
    public LatencyLimits? DetectionLatency { get; init; }

    /// <summary>
    /// Limits on restored time − the time the gateway answered again, for incidents a gateway downtime held up
    /// (reboot, UPnP switched off, a SOAP error or delay burst with <c>for</c>).
    /// </summary>
    public LatencyLimits? RestoreAfterReturn { get; init; }

    /// <summary>The longest outage of any device.</summary>
    public TimeSpan? MaxOutage { get; init; }

    /// <summary>Whether every device must be reachable at the end (true) or may not be (false).</summary>
    public bool? AllReachableAtEnd { get; init; }

    /// <summary>The most instructions sent while the device was reachable.</summary>
    public int? FalseRemaps { get; init; }

    /// <summary>The most gateway table entries that no live device owns at the end.</summary>
    public int? LeakedMappings { get; init; }

    /// <summary>The most mapping instructions per fault and device.</summary>
    public int? MaxInstructionsPerFault { get; init; }

    /// <summary>Whether any limit is set.</summary>
    public bool IsEmpty => this == new ScenarioExpectations();
}
