using System.Net;

namespace IgdLab.Device.Upnp.Discovery;

/// <summary>The UDP socket a search sends M-SEARCH datagrams from and receives replies on; tests substitute it.</summary>
internal interface ISsdpSearchSocket : IDisposable
{
    /// <summary>The bound address and port; replies come here.</summary>
    IPEndPoint LocalEndPoint { get; }

    /// <summary>Sends one datagram.</summary>
    ValueTask SendAsync(ReadOnlyMemory<byte> datagram, IPEndPoint destination, CancellationToken cancellationToken);

    /// <summary>Receives one datagram into <paramref name="buffer"/>.</summary>
    ValueTask<SsdpDatagram> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken);
}
