using System.Net;
using IgdLab.Contracts.InProcess;

namespace IgdLab.Igd.Ssdp;

/// <summary>
/// Opens the responder's sockets on an in-process network (a world on the simulated network): searches from devices
/// there arrive in memory and the answers go back the same way. The network has no multicast group, so a responder
/// in multicast mode keeps kernel sockets.
/// </summary>
internal sealed class InProcessSsdpSocketFactory(IInProcessNetwork network) : ISsdpSocketFactory
{
    /// <inheritdoc/>
    public ISsdpSocket Open(IPAddress lanAddress, int port, bool multicast) =>
        multicast ? UdpSsdpSocketFactory.Instance.Open(lanAddress, port, multicast) : new Socket(InProcessDatagramSocket.Bind(network, new IPEndPoint(lanAddress, port)));

    private sealed class Socket(InProcessDatagramSocket socket) : ISsdpSocket
    {
        public IPEndPoint LocalEndPoint => socket.LocalEndPoint;

        public async ValueTask<SsdpReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
        {
            var (length, truncated, from) = await socket.ReceiveAsync(buffer, cancellationToken);
            return new SsdpReceiveResult(length, truncated, from, socket.LocalEndPoint.Address);
        }

        public ValueTask SendAsync(ReadOnlyMemory<byte> datagram, IPEndPoint destination, CancellationToken cancellationToken) =>
            socket.SendAsync(datagram, destination, cancellationToken);

        public void Dispose() => socket.Dispose();
    }
}
