namespace IgdLab.Device.Devices;

/// <summary>Settings of <see cref="RenewStrategy"/> (go-libp2p style: blind re-add on a short lease).</summary>
public sealed record RenewStrategyOptions
{
    /// <summary>How often the mapping is added again.</summary>
    /// <value>The default is 20 seconds.</value>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>The lease a device asks for when it keeps its mapping this way.</summary>
    /// <value>The default is 60 seconds.</value>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>Settings of <see cref="PollStrategy"/> (Transmission style: GetSpecificPortMappingEntry, re-add when missing).</summary>
public sealed record PollStrategyOptions
{
    /// <summary>How often the router is asked whether the mapping still exists.</summary>
    /// <value>The default is 60 seconds.</value>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>Settings of <see cref="EventsStrategy"/> (GENA events and BOOTID changes trigger a remap).</summary>
public sealed record EventsStrategyOptions
{
    /// <summary>How long after a failed remap it is tried again (events give no other opportunity).</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often a device that found its router by SSDP searches again to notice a reboot (a new BOOTID.UPNP.ORG or
    /// LOCATION): a router's GENA subscriptions die with it, so events alone can miss a reboot. Null never searches.
    /// </summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan? SsdpCheckInterval { get; init; } = TimeSpan.FromSeconds(30);
}
