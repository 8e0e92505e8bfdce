using System.Net;
using IgdLab.Igd.Mapping;

namespace IgdLab.Igd.Forwarding;

/// <summary>Where a mapping forwards to and whom it admits; equal targets mean no re-targeting is needed.</summary>
internal sealed record ForwardTarget
{
    private readonly IPAddress? _remoteHost;

    private ForwardTarget(IPEndPoint internalEndPoint, string remoteHost)
    {
        Internal = internalEndPoint;
        RemoteHost = remoteHost;
        if (remoteHost.Length > 0 && IPAddress.TryParse(remoteHost, out var parsed))
        {
            _remoteHost = Unmapped(parsed);
        }
    }

    /// <summary>The internal client and port.</summary>
    public IPEndPoint Internal { get; }

    /// <summary>The mapping's remote host filter as written; empty admits everyone.</summary>
    public string RemoteHost { get; }

    /// <summary>True when the filter is not an IP address (a host name): such a rule matches no peer.</summary>
    public bool AdmitsNobody => RemoteHost.Length > 0 && _remoteHost is null;

    /// <summary>The target of <paramref name="mapping"/>.</summary>
    public static ForwardTarget For(PortMapping mapping) =>
        new(new IPEndPoint(mapping.InternalClient, mapping.InternalPort), mapping.RemoteHost.Trim());

    /// <summary>Whether traffic from <paramref name="peer"/> is forwarded.</summary>
    public bool Admits(IPAddress peer) =>
        RemoteHost.Length == 0 || (_remoteHost is not null && _remoteHost.Equals(Unmapped(peer)));

    private static IPAddress Unmapped(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
