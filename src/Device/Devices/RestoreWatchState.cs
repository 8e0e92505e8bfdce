namespace IgdLab.Device.Devices;

/// <summary>
/// Where a device's restore watch stands. A failed map or remap moves <see cref="Idle"/> to <see cref="Watching"/>;
/// the gateway answering moves <see cref="Watching"/> to <see cref="Remapping"/>; a successful mapping (the watch's,
/// an instruction's or another strategy's) returns to <see cref="Idle"/>; a spent budget ends in <see cref="GaveUp"/>.
/// </summary>
public enum RestoreWatchState
{
    /// <summary>Mapped, or never failed: nothing polls.</summary>
    Idle,

    /// <summary>A remap failed: the gateway is asked every interval whether it answers again.</summary>
    Watching,

    /// <summary>The gateway answered: a remap runs; if it fails too (a SOAP error burst) the watch goes on.</summary>
    Remapping,

    /// <summary>The outage outlasted the watch's budget: only instructions remap, until a mapping succeeds again.</summary>
    GaveUp,
}
