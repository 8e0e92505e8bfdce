namespace IgdLab.Prober.Cluster;

/// <summary>
/// What <see cref="ClusterCoordinator"/> asks of the watchdog it coordinates; every call comes from the coordinator's
/// one work loop, one at a time.
/// </summary>
internal interface IClusterMember
{
    /// <summary>How many devices this instance owns (probes) now.</summary>
    int OwnedCount { get; }

    /// <summary>Takes over freshly claimed devices, as stored; <paramref name="live"/> are the instances with a lease.</summary>
    void Claimed(IReadOnlyList<ClaimedDevice> devices, IReadOnlySet<string> live);

    /// <summary>Gives up <paramref name="count"/> owned devices, having written their state; returns their ids.</summary>
    IReadOnlyList<string> Release(int count);

    /// <summary>This instance's lease ran out: it stops probing every device at once, without writing (another may own them now).</summary>
    void LostOwnership();

    /// <summary>
    /// The registry no longer names this instance the owner of some devices it probes (another claimed them, which claims
    /// are kept apart to prevent, or they are gone): it stops probing every owned device not in
    /// <paramref name="stillOwned"/> at once, without writing (the other owner does); returns their ids.
    /// </summary>
    IReadOnlyList<string> OwnedElsewhere(IReadOnlySet<string> stillOwned);

    /// <summary>The instances with a lease now: channels on any other instance are gone.</summary>
    void InstancesLive(IReadOnlySet<string> live);

    /// <summary>A message from another instance.</summary>
    void Received(ClusterMessage message);

    /// <summary>The notification connection was lost for a while: read again what messages may have said.</summary>
    void Resync();
}
