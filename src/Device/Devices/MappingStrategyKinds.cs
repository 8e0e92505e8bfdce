namespace IgdLab.Device.Devices;

/// <summary>Which strategies keep a device's mapping; flags combine (e.g. <see cref="Watchdog"/> | <see cref="Events"/>).</summary>
[Flags]
public enum MappingStrategyKinds
{
    /// <summary>Map once, never again (qBittorrent / Open.NAT defaults).</summary>
    None = 0,

    /// <summary><see cref="RenewStrategy"/>.</summary>
    Renew = 1,

    /// <summary><see cref="PollStrategy"/>.</summary>
    Poll = 2,

    /// <summary><see cref="EventsStrategy"/>.</summary>
    Events = 4,

    /// <summary><see cref="WatchdogStrategy"/>.</summary>
    Watchdog = 8,
}
