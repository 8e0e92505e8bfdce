using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace IgdLab.Igd.Tests.Forwarding;

/// <summary>A device's UDP service on loopback: echoes every datagram to its sender and records the senders.</summary>
internal sealed class UdpEchoServer : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<IPEndPoint> _senders = new();
    private readonly Task _loop;

    private UdpEchoServer(Socket socket)
    {
        _socket = socket;
        _loop = Task.Run(EchoAsync);
    }

    public IPEndPoint EndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>The source endpoint of every datagram received, in order.</summary>
    public IReadOnlyCollection<IPEndPoint> Senders => _senders;

    public static UdpEchoServer Start(IPAddress address)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(address, 0));
        return new UdpEchoServer(socket);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        await _loop;
        _stop.Dispose();
    }

    private async Task EchoAsync()
    {
        var buffer = new byte[65536];
        try
        {
            while (true)
            {
                var received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
                var sender = (IPEndPoint)received.RemoteEndPoint;
                _senders.Enqueue(sender);
                await _socket.SendToAsync(buffer.AsMemory(0, received.ReceivedBytes), SocketFlags.None, sender, _stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }
}
