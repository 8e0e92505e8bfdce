namespace IgdLab.Prober.Watchdog;

/// <summary>Where a device stood when a probe of it ended: what <see cref="VerdictPolicy"/> needs besides the outcome.</summary>
/// <param name="Current">The probe judged the device's current mapping (no report replaced it meanwhile).</param>
/// <param name="EpisodeOpen">A fault episode is open (a failed probe is suspected or confirmed).</param>
/// <param name="FailureDetected">The open episode already has its failure verdict.</param>
/// <param name="AwaitingVerification">The device reported a new mapping after the verdict; this probe tells whether it works.</param>
internal readonly record struct DeviceStanding(bool Current, bool EpisodeOpen, bool FailureDetected, bool AwaitingVerification)
{
    /// <summary>A device whose current mapping is probed with nothing open.</summary>
    public static DeviceStanding Healthy { get; } = new(true, false, false, false);
}
