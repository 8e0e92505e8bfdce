using System.Net;
using System.Net.Sockets;
using IgdLab.Contracts.InProcess;
using IgdLab.Igd.Mapping;

namespace IgdLab.Igd.Forwarding;

/// <summary>A UDP WAN port on a kernel socket: replies leave through the same socket, to the sender.</summary>
internal sealed class KernelUdpSocket(Socket socket, MappingKey key, ForwardingContext context) : IUdpWanSocket
{
    /// <inheritdoc />
    public async Task RunAsync(DatagramService serve, CancellationToken stop)
    {
        var anyPeer = WanSockets.AnyEndPoint(((IPEndPoint)socket.LocalEndPoint!).Address);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                PooledDatagram received;
                try
                {
                    received = await PooledDatagram.ReceiveFromAsync(socket, anyPeer, stop);
                }
                catch (SocketException ex) when (!stop.IsCancellationRequested && ex.SocketErrorCode != SocketError.OperationAborted)
                {
                    // A stray ICMP error or a truncated datagram; the socket itself is fine.
                    continue;
                }

                using (received)
                {
                    context.Counters.CountReceived(received.Length);
                    var peer = received.From!;
                    await serve(peer, received.Bytes, (reply, token) => SendAsync(peer, reply, token), stop);
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Closed.
        }
        catch (Exception ex)
        {
            ForwardingPlane.Log.LoopFailed(context.Logger, key, ex);
        }
    }

    /// <inheritdoc />
    public void Dispose() => socket.Dispose();

    private async ValueTask SendAsync(IPEndPoint peer, ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken) =>
        await socket.SendToAsync(datagram, SocketFlags.None, peer, cancellationToken);
}
