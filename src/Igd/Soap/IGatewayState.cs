using System.Net;
using IgdLab.Igd.Mapping;
using IgdLab.Igd.Profiles;

namespace IgdLab.Igd.Soap;

/// <summary>What the SOAP actions read from and change in the gateway.</summary>
internal interface IGatewayState
{
    RouterProfile Profile { get; }

    MappingTable Table { get; }

    IPAddress WanAddress { get; }

    /// <summary>When the WAN address last changed; null while it is the first one.</summary>
    DateTimeOffset? WanChangedAt { get; }

    /// <summary>Time since the router (re)booted.</summary>
    TimeSpan Uptime { get; }

    /// <summary>The UDN of the WANConnectionDevice, for Layer3Forwarding.</summary>
    string ConnectionDeviceUdn { get; }

    /// <summary>WAN-side traffic totals: bytes sent, bytes received, packets sent, packets received.</summary>
    (long BytesSent, long BytesReceived, long PacketsSent, long PacketsReceived) Traffic { get; }
}
