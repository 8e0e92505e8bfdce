using System.Net;
using System.Net.Sockets;
using IgdLab.Contracts.InProcess;
using IgdLab.Igd.Forwarding;
using IgdLab.Igd.Profiles;

namespace IgdLab.Igd;

/// <summary>How to run one virtual router.</summary>
public sealed class VirtualGatewayOptions
{
    /// <summary>The gateway's id in events and reports.</summary>
    /// <value>The default is <c>gw1</c>.</value>
    public string Id { get; set; } = "gw1";

    /// <summary>The router's behaviour.</summary>
    /// <value>The default is the <c>standard</c> profile.</value>
    public RouterProfile Profile { get; set; } = RouterProfileCatalog.Standard;

    /// <summary>The LAN address: SSDP, description, SOAP and GENA listen here.</summary>
    /// <value>The default is 127.0.0.1.</value>
    public IPAddress LanAddress { get; set; } = IPAddress.Loopback;

    /// <summary>The WAN address: the forwarding plane listens here and GetExternalIPAddress reports it.</summary>
    /// <value>The default is 127.0.0.2.</value>
    public IPAddress WanAddress { get; set; } = IPAddress.Parse("127.0.0.2");

    /// <summary>The HTTP port for description, control and events; 0 picks a free one.</summary>
    /// <value>The default is 0.</value>
    public int HttpPort { get; set; }

    /// <summary>The SSDP port; 0 picks a free one in unicast mode, and means 1900 in multicast mode.</summary>
    /// <value>The default is 0.</value>
    public int SsdpPort { get; set; }

    /// <summary>The UDP port of the NAT-PMP and PCP server; 0 picks a free one in unicast mode, and means 5351 in multicast mode.</summary>
    /// <value>The default is 0.</value>
    public int PortControlPort { get; set; }

    /// <summary>Whether SSDP joins 239.255.255.250 on the LAN address and sends NOTIFY messages.</summary>
    /// <value>The default is false (unicast SSDP only).</value>
    public bool Multicast { get; set; }

    /// <summary>Seed for every random choice (UDN, AddAnyPortMapping ports, SSDP reply delays).</summary>
    /// <value>The default is 1.</value>
    public int Seed { get; set; } = 1;

    /// <summary>The largest SOAP request body accepted; larger ones get HTTP 413.</summary>
    /// <value>The default is 64 KiB.</value>
    public int MaxRequestBodyBytes { get; set; } = GatewayDefaults.MaxRequestBodyBytes;

    /// <summary>How long one SOAP request may take, body included, before the router gives up on it.</summary>
    /// <value>The default is 30 seconds, the UPnP limit for an action.</value>
    public TimeSpan RequestTimeout { get; set; } = GatewayDefaults.RequestTimeout;

    /// <summary>Chooses the next WAN address for change-wan-ip and reboots with a new address; null adds 1 to the last octet.</summary>
    public Func<IPAddress, IPAddress>? NextWanAddress { get; set; }

    /// <summary>
    /// Tells whether the host can listen on an address; change-wan-ip and reboots refuse a WAN address it rejects and
    /// the automatic pick skips such addresses. Null binds a socket to port 0 on the address to find out.
    /// </summary>
    public Func<IPAddress, bool>? CanBindWanAddress { get; set; }

    /// <summary>
    /// The LAN hosts living in this process (an emulator world's devices): a forwarded TCP connection to one of them is
    /// handed to it directly instead of being relayed over a second loopback connection, and a forwarded datagram goes
    /// to it in memory. Null relays everything.
    /// </summary>
    public IInProcessNetwork? InProcessNetwork { get; set; }

    /// <summary>
    /// The in-process network the gateway's mapped WAN ports are offered on instead of kernel listeners and sockets, so
    /// an outside caller in this process (a probe) reaches a mapping in memory end to end; it forwards only to LAN hosts
    /// on <see cref="InProcessNetwork"/>. Null, the default, listens on the kernel.
    /// </summary>
    public IInProcessNetwork? WanNetwork { get; set; }

    /// <summary>
    /// How the WAN link on <see cref="WanNetwork"/> delays and loses what crosses it (the caller's connection attempts and
    /// datagrams in, the gateway's replies out); the partition fault cuts the same link. Null, the default, is a perfect
    /// link; only a WAN on the in-process network can be impaired.
    /// </summary>
    public WanLinkSettings? WanLink { get; set; }

    /// <summary>
    /// The in-process network the gateway serves its LAN services on instead of kernel sockets: HTTP (descriptions, SOAP
    /// control, GENA subscriptions, and NOTIFYs to callback servers offered there), unicast SSDP and NAT-PMP/PCP (with
    /// their announcements). LAN hosts in this process reach them in memory at the same LAN address and port, and the
    /// gateway sees their own addresses. Null, the default, serves on the kernel; multicast mode stays on the kernel
    /// either way (the in-process network has no multicast groups).
    /// </summary>
    public IInProcessNetwork? ServiceNetwork { get; set; }

    /// <summary>Every problem of these options at once; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        problems.AddRange(RouterProfileCatalog.Validate(Profile));
        if (string.IsNullOrWhiteSpace(Id))
        {
            problems.Add("Id must not be empty");
        }

        if (HttpPort is < 0 or > 65535)
        {
            problems.Add($"HttpPort {HttpPort} is not a port");
        }

        if (SsdpPort is < 0 or > 65535)
        {
            problems.Add($"SsdpPort {SsdpPort} is not a port");
        }

        if (PortControlPort is < 0 or > 65535)
        {
            problems.Add($"PortControlPort {PortControlPort} is not a port");
        }

        if (LanAddress.Equals(WanAddress))
        {
            problems.Add("LanAddress and WanAddress must differ");
        }

        // UPnP's ExternalIPAddress and NAT-PMP's address carry IPv4 only.
        if (WanAddress.AddressFamily != AddressFamily.InterNetwork)
        {
            problems.Add($"WanAddress {WanAddress} must be an IPv4 address");
        }

        if (MaxRequestBodyBytes < 1024)
        {
            problems.Add("MaxRequestBodyBytes must be at least 1024");
        }

        if (RequestTimeout <= TimeSpan.Zero)
        {
            problems.Add("RequestTimeout must be positive");
        }

        if (WanLink is { } link)
        {
            problems.AddRange(link.Validate());
            if (WanNetwork is null)
            {
                problems.Add("WanLink impairs only a WAN on the in-process network (WanNetwork); a kernel socket's link cannot be impaired");
            }
        }

        return problems;
    }
}

/// <summary>The defaults of <see cref="VirtualGatewayOptions"/> in one place.</summary>
public static class GatewayDefaults
{
    /// <summary>64 KiB: a SOAP call is a few hundred bytes; GetListOfPortMappings requests are small too.</summary>
    public const int MaxRequestBodyBytes = 64 * 1024;

    /// <summary>The multicast SSDP port.</summary>
    public const int MulticastSsdpPort = 1900;

    /// <summary>30 s, the UPnP limit for completing an action.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);
}
