using System.Net;

namespace IgdLab.Device.Upnp.Discovery;

/// <summary>One answer to an M-SEARCH, as received: who sent it and what it advertised.</summary>
public sealed record SsdpReply
{
    /// <summary>The address and port the datagram came from (not necessarily the gateway's, nor port 1900).</summary>
    public required IPEndPoint Responder { get; init; }

    /// <summary>LOCATION: the root description URL.</summary>
    public required Uri Location { get; init; }

    /// <summary>ST as the device echoed it (may differ from what was asked, e.g. :1 for a :2 search); null when missing.</summary>
    public string? SearchTarget { get; init; }

    /// <summary>USN, usually <c>uuid:…::type</c>; null when missing.</summary>
    public string? UniqueServiceName { get; init; }

    /// <summary>SERVER; null when missing or empty.</summary>
    public string? Server { get; init; }

    /// <summary>BOOTID.UPNP.ORG; null when missing or not a non-negative number.</summary>
    public int? BootId { get; init; }

    /// <summary>CONFIGID.UPNP.ORG; null when missing or not a non-negative number.</summary>
    public int? ConfigId { get; init; }

    /// <summary>When the datagram arrived, by the discoverer's <see cref="TimeProvider"/>.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }
}
