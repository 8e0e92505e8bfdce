namespace IgdLab.Device.Devices;

/// <summary>What sort of intranet device a virtual device plays.</summary>
public enum DeviceKind
{
    /// <summary>A network-attached storage box.</summary>
    Nas,

    /// <summary>A set-top box.</summary>
    SetTopBox,

    /// <summary>An IP camera.</summary>
    IpCamera,

    /// <summary>A personal computer.</summary>
    Pc,

    /// <summary>A game console.</summary>
    GameConsole,
}
