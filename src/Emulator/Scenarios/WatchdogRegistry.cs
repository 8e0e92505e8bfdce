namespace IgdLab.Emulator.Scenarios;

/// <summary>Where a scenario's watchdog instances keep their registry.</summary>
public enum WatchdogRegistry
{
    /// <summary>An in-memory SQLite registry of the one instance (the default).</summary>
    Memory,

    /// <summary>
    /// A PostgreSQL database of the run's own, shared by every instance: the database server the run was given
    /// (<c>--postgres</c>, <c>IGDLAB_POSTGRES</c>), or a private cluster of Debian's postgresql the run starts.
    /// </summary>
    Postgres,
}
