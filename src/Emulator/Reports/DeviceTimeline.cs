namespace IgdLab.Emulator.Reports;

/// <summary>What happened to one device over the scenario, as the oracle and the event log saw it (scenario time).</summary>
public sealed record DeviceTimeline
{
    /// <summary>The device's id (listed, or generated for a Bogus fleet).</summary>
    public required string DeviceId { get; init; }

    /// <summary>The gateway the device sits behind; null when unknown.</summary>
    public string? Gateway { get; init; }

    /// <summary>The device's mapping-keeping strategy, e.g. <c>watchdog</c>, <c>renew 20s</c>.</summary>
    public required string Strategy { get; init; }

    /// <summary>The intervals in which the oracle could not reach the device, in time order.</summary>
    public IReadOnlyList<Outage> Outages { get; init; } = [];

    /// <summary>When the watchdog sent the device a mapping instruction; seconds in JSON.</summary>
    public IReadOnlyList<TimeSpan> Instructions { get; init; } = [];

    /// <summary>Every mapping result the device had after the start, with why it made it: an instruction answered, its own remap, a routine renewal.</summary>
    public IReadOnlyList<DeviceRemap> Remaps { get; init; } = [];

    /// <summary>The breakages the oracle saw, with their detection and restoration, in order of start.</summary>
    public IReadOnlyList<DeviceIncident> Incidents { get; init; } = [];
}
