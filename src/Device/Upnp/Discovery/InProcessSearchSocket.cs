using System.Net;
using IgdLab.Contracts.InProcess;

namespace IgdLab.Device.Upnp.Discovery;

/// <summary>A search socket on an in-process network (a device of a world on the simulated network).</summary>
internal sealed class InProcessSearchSocket(InProcessDatagramSocket socket) : ISsdpSearchSocket
{
    public IPEndPoint LocalEndPoint => socket.LocalEndPoint;

    public ValueTask SendAsync(ReadOnlyMemory<byte> datagram, IPEndPoint destination, CancellationToken cancellationToken) =>
        socket.SendAsync(datagram, destination, cancellationToken);

    public async ValueTask<SsdpDatagram> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var (length, _, from) = await socket.ReceiveAsync(buffer, cancellationToken);
        return new SsdpDatagram(length, from);
    }

    public void Dispose() => socket.Dispose();
}
