using System.Net;

namespace IgdLab.Device.Upnp.Discovery;

/// <summary>A received datagram: its length in the buffer and its sender.</summary>
internal readonly record struct SsdpDatagram(int Length, IPEndPoint RemoteEndPoint);
