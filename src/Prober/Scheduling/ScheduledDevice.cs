namespace IgdLab.Prober.Scheduling;

/// <summary>The scheduler's bookkeeping for one device; guarded by the scheduler's lock.</summary>
internal sealed class ScheduledDevice(string deviceId, TimeSpan phase)
{
    public string DeviceId { get; } = deviceId;

    /// <summary>The device's offset within every interval.</summary>
    public TimeSpan Phase { get; } = phase;

    /// <summary>When it is due next (ticks since the scheduler started); queue items with another due time are stale.</summary>
    public long NextDue { get; set; }

    /// <summary>A probe of it is running.</summary>
    public bool InFlight { get; set; }

    /// <summary>Probe again as soon as the running probe ends (a report or signal came in meanwhile).</summary>
    public bool ProbeAgain { get; set; }

    /// <summary>Removed from the schedule; queue items for it are dropped.</summary>
    public bool Removed { get; set; }
}
