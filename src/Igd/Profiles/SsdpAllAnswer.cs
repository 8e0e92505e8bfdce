namespace IgdLab.Igd.Profiles;

/// <summary>What an <c>ssdp:all</c> search gets.</summary>
public enum SsdpAllAnswer
{
    /// <summary>One reply for every device and service, as UDA asks.</summary>
    Everything,

    /// <summary>Only one reply, for a non-IGD device on the same box (Sagemcom FAST3890V3: <c>ssdp-all-non-igd</c>).</summary>
    NonIgdOnly,
}
