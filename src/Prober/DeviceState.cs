namespace IgdLab.Prober;

/// <summary>Where a device stands in the watchdog's eyes.</summary>
public enum DeviceState
{
    /// <summary>No mapping reported yet, or not probed since it was reported.</summary>
    Unknown,

    /// <summary>The last probe reached the device and no fault is open.</summary>
    Healthy,

    /// <summary>A probe failed; the failure is being confirmed, or no instruction could be sent yet.</summary>
    Suspect,

    /// <summary>A remap instruction is outstanding, or its report awaits a verifying probe.</summary>
    Remapping,

    /// <summary>Remaps keep failing; the next instruction waits for the backoff.</summary>
    Failing,

    /// <summary>The device's control channel is closed: it is probed, but gets no instructions until it reconnects.</summary>
    Offline,
}
