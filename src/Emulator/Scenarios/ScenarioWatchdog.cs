namespace IgdLab.Emulator.Scenarios;

/// <summary>The watchdog server's settings; a null value keeps the watchdog's own default.</summary>
public sealed record ScenarioWatchdog
{
    /// <summary>Whether the world runs a watchdog at all (off to measure strategies without one).</summary>
    /// <value>The default is true.</value>
    public bool Enabled { get; init; } = true;

    /// <summary>How often each device's external endpoint is probed.</summary>
    public TimeSpan? ProbeInterval { get; init; }

    /// <summary>How long a probe waits for the connection and the identity handshake.</summary>
    public TimeSpan? ProbeTimeout { get; init; }

    /// <summary>How many timed-out probes in a row make a failure (a refused connection counts at once).</summary>
    public int? TimeoutConfirmations { get; init; }

    /// <summary>The most probes in flight at once.</summary>
    public int? MaxConcurrentProbes { get; init; }

    /// <summary>How many watchdog instances run, sharing the registry; more than one needs <see cref="WatchdogRegistry.Postgres"/>.</summary>
    /// <value>The default is one.</value>
    public int Instances { get; init; } = 1;

    /// <summary>Where the instances keep their registry.</summary>
    public WatchdogRegistry Registry { get; init; } = WatchdogRegistry.Memory;
}
