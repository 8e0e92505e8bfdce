using IgdLab.Igd.Description;

namespace IgdLab.Igd.Ssdp;

/// <summary>
/// What the SSDP responder advertises at one moment. Read as a whole for every reply and announcement, so a reboot
/// that changes LOCATION and BOOTID together is never seen half-applied.
/// </summary>
/// <param name="RootDevice">The root device; every device and service type in it is advertised.</param>
/// <param name="Location">The LOCATION header: the URL of the root description.</param>
/// <param name="BootId">BOOTID.UPNP.ORG: non-negative, 31-bit, increased on every boot.</param>
/// <param name="ConfigId">CONFIGID.UPNP.ORG: changed whenever the descriptions change.</param>
/// <param name="ServerHeader">The SERVER header, e.g. <c>Linux/6.0 UPnP/1.1 IgdLab/1.0</c>.</param>
/// <param name="IsEnabled">Whether UPnP is on; when off the responder answers nothing and sends nothing.</param>
internal sealed record SsdpDescription(
    DeviceNode RootDevice,
    Uri Location,
    int BootId,
    int ConfigId,
    string ServerHeader,
    bool IsEnabled);
