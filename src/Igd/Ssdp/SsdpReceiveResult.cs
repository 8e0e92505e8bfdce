using System.Net;

namespace IgdLab.Igd.Ssdp;

/// <summary>One received datagram.</summary>
/// <param name="Length">How many bytes were copied into the buffer.</param>
/// <param name="Truncated">Whether the datagram was longer than the buffer.</param>
/// <param name="RemoteEndPoint">The sender, where replies go.</param>
/// <param name="LocalAddress">The address the datagram was sent to: the multicast group or one of ours.</param>
internal readonly record struct SsdpReceiveResult(
    int Length,
    bool Truncated,
    IPEndPoint RemoteEndPoint,
    IPAddress LocalAddress);
