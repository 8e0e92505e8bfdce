using System.Net;

namespace IgdLab.Igd.Ssdp;

/// <summary>The UDP socket the responder talks through; a seam so tests can drive multicast mode without a network.</summary>
internal interface ISsdpSocket : IDisposable
{
    /// <summary>The address and port the socket is bound to.</summary>
    IPEndPoint LocalEndPoint { get; }

    /// <summary>Waits for the next datagram and copies it into <paramref name="buffer"/>.</summary>
    ValueTask<SsdpReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken);

    /// <summary>Sends one datagram to <paramref name="destination"/>.</summary>
    ValueTask SendAsync(ReadOnlyMemory<byte> datagram, IPEndPoint destination, CancellationToken cancellationToken);
}
