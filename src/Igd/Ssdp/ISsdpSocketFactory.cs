using System.Net;

namespace IgdLab.Igd.Ssdp;

/// <summary>Opens the responder's socket.</summary>
internal interface ISsdpSocketFactory
{
    /// <summary>
    /// Opens a socket bound to <paramref name="lanAddress"/>:<paramref name="port"/> or, when
    /// <paramref name="multicast"/>, bound to the wildcard address and joined to the SSDP group on <paramref name="lanAddress"/>.
    /// </summary>
    ISsdpSocket Open(IPAddress lanAddress, int port, bool multicast);
}
