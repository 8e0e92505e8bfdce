using IgdLab.Igd.Description;
using IgdLab.Igd.Profiles;

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
/// <param name="Discovery">The discovery quirks in force; null behaves as UDA asks.</param>
/// <param name="Twin">The IGD:1 twin a dual-IGD router also answers as, with its own LOCATION; null for none.</param>
/// <param name="NonIgdLocation">Where the non-IGD device that answers <c>ssdp:all</c> is described; null for none.</param>
internal sealed record SsdpDescription(
    DeviceNode RootDevice,
    Uri Location,
    int BootId,
    int ConfigId,
    string ServerHeader,
    bool IsEnabled,
    DiscoveryPolicy? Discovery = null,
    (DeviceNode Root, Uri Location)? Twin = null,
    Uri? NonIgdLocation = null)
{
    /// <summary>The discovery quirks in force (the UDA behaviour when none were given).</summary>
    public DiscoveryPolicy Policy => Discovery ?? DefaultPolicy;

    private static readonly DiscoveryPolicy DefaultPolicy = new();
}
