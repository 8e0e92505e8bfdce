using System.Net;
using System.Net.Sockets;

namespace IgdLab.Device.Upnp.Discovery;

/// <summary>
/// How <see cref="SsdpDiscoverer"/> searches: unicast to a known gateway, multicast to the SSDP group, or both,
/// from a socket bound to the device's own address.
/// </summary>
public sealed record DiscoveryOptions
{
    /// <summary>The search targets, one M-SEARCH each, in this order.</summary>
    /// <value>The default is <see cref="IgdSearchTargets.Default"/>: IGD:2, IGD:1, WANIPConnection:2, :1, WANPPPConnection:1, upnp:rootdevice.</value>
    public IReadOnlyList<string> SearchTargets { get; init; } = IgdSearchTargets.Default;

    /// <summary>
    /// Where unicast searches go: the gateway's address and SSDP port (1900 on a real router; the virtual router's is
    /// ephemeral). Null sends no unicast search.
    /// </summary>
    /// <value>The default is null.</value>
    public IPEndPoint? UnicastEndPoint { get; init; }

    /// <summary>Whether searches also go to <see cref="MulticastEndPoint"/>, out of the interface of <see cref="LocalAddress"/>.</summary>
    /// <value>The default is false: set it on a real LAN; tests on the host must never send to the group.</value>
    public bool Multicast { get; init; }

    /// <summary>The group and port multicast searches go to.</summary>
    /// <value>The default is 239.255.255.250:1900.</value>
    public IPEndPoint MulticastEndPoint { get; init; } = new(DiscoveryDefaults.MulticastGroup, DiscoveryDefaults.SsdpPort);

    /// <summary>The device's own address: the search socket binds to it (ephemeral port) and multicasts out of its interface. Null binds 0.0.0.0.</summary>
    /// <value>The default is null.</value>
    public IPAddress? LocalAddress { get; init; }

    /// <summary>How long to collect replies after the searches go out.</summary>
    /// <value>The default is 3 seconds.</value>
    public TimeSpan Timeout { get; init; } = DiscoveryDefaults.Timeout;

    /// <summary>The MX header: how many seconds a device may wait before answering a multicast search (1–5).</summary>
    /// <value>The default is 2.</value>
    public int Mx { get; init; } = DiscoveryDefaults.Mx;

    /// <summary>The TTL of multicast searches.</summary>
    /// <value>The default is 2, as UDA 1.1 recommends.</value>
    public int MulticastTimeToLive { get; init; } = DiscoveryDefaults.MulticastTimeToLive;

    /// <summary>Every problem of these options at once; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (SearchTargets is null || SearchTargets.Count == 0)
        {
            problems.Add("SearchTargets must name at least one target");
        }
        else
        {
            problems.AddRange(SearchTargets
                .Where(t => string.IsNullOrWhiteSpace(t) || t.Any(c => char.IsControl(c) || c > '\x7E'))
                .Select(t => $"search target '{t}' must be non-empty printable ASCII"));
        }

        if (UnicastEndPoint is null && !Multicast)
        {
            problems.Add("set UnicastEndPoint, Multicast or both: otherwise no search is sent");
        }

        if (UnicastEndPoint is { } unicast && (unicast.AddressFamily != AddressFamily.InterNetwork || unicast.Port == 0))
        {
            problems.Add($"UnicastEndPoint {unicast} must be an IPv4 address with a non-zero port");
        }

        if (MulticastEndPoint is null
            || MulticastEndPoint.AddressFamily != AddressFamily.InterNetwork
            || (MulticastEndPoint.Address.GetAddressBytes()[0] & 0xF0) != 224
            || MulticastEndPoint.Port == 0)
        {
            problems.Add($"MulticastEndPoint {MulticastEndPoint} must be an IPv4 multicast group with a non-zero port");
        }

        if (LocalAddress is { AddressFamily: not AddressFamily.InterNetwork })
        {
            problems.Add($"LocalAddress {LocalAddress} must be an IPv4 address");
        }

        if (Timeout <= TimeSpan.Zero)
        {
            problems.Add($"Timeout must be positive (is {Timeout})");
        }

        if (Mx is < 1 or > 5)
        {
            problems.Add($"Mx must be 1 to 5 (is {Mx})");
        }

        if (MulticastTimeToLive is < 1 or > 255)
        {
            problems.Add($"MulticastTimeToLive must be 1 to 255 (is {MulticastTimeToLive})");
        }

        return problems;
    }
}
