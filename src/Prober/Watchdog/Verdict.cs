namespace IgdLab.Prober.Watchdog;

/// <summary>What the watchdog makes of a probe, given where the device stood (<see cref="VerdictPolicy"/>).</summary>
internal enum Verdict
{
    /// <summary>Nothing to decide: the probe judged a mapping since replaced, or found nothing wrong with a device that had nothing open.</summary>
    Unchanged,

    /// <summary>The first failed probe of a healthy device: an episode opens (a timeout is confirmed before it counts).</summary>
    Suspect,

    /// <summary>The device answered after a suspicion that was never confirmed: no fault after all.</summary>
    SuspicionCleared,

    /// <summary>The device answered after a failure verdict: the episode closes.</summary>
    Recovered,

    /// <summary>The failure verdict of an episode: remap.</summary>
    Failed,

    /// <summary>The mapping the device reported after an instruction fails too: that remap did not help; remap again.</summary>
    RemapIneffective,

    /// <summary>The device still fails after the verdict: remap when one may go.</summary>
    StillFailing,
}
