using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace IgdLab.Igd.Forwarding;

/// <summary>
/// One received datagram in a pooled buffer that is taken only once the datagram has arrived. A socket waiting for
/// traffic holds no buffer: a world of 10,000 UDP mappings would otherwise keep 10,000 idle 64 KiB buffers (640 MB).
/// </summary>
internal readonly struct PooledDatagram : IDisposable
{
    private readonly byte[] _buffer;

    private PooledDatagram(byte[] buffer, int length, IPEndPoint? from)
    {
        _buffer = buffer;
        Length = length;
        From = from;
    }

    /// <summary>The datagram's bytes; valid until <see cref="Dispose"/>.</summary>
    public ReadOnlyMemory<byte> Bytes => _buffer.AsMemory(0, Length);

    /// <summary>The datagram's length in bytes.</summary>
    public int Length { get; }

    /// <summary>The sender, for an unconnected socket; null for a connected one.</summary>
    public IPEndPoint? From { get; }

    /// <summary>Waits for the next datagram from any peer, then receives it.</summary>
    public static async ValueTask<PooledDatagram> ReceiveFromAsync(Socket socket, EndPoint anyPeer, CancellationToken token)
    {
        // A zero-byte peek waits for a datagram without consuming it or holding memory.
        await socket.ReceiveFromAsync(Memory<byte>.Empty, SocketFlags.Peek, anyPeer, token);
        var buffer = ArrayPool<byte>.Shared.Rent(ForwardingDefaults.UdpBufferSize);
        try
        {
            var received = await socket.ReceiveFromAsync(buffer.AsMemory(), SocketFlags.None, anyPeer, token);
            return new PooledDatagram(buffer, received.ReceivedBytes, (IPEndPoint)received.RemoteEndPoint);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>Waits for the next datagram on a connected socket, then receives it.</summary>
    public static async ValueTask<PooledDatagram> ReceiveAsync(Socket socket, CancellationToken token)
    {
        await socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.Peek, token);
        var buffer = ArrayPool<byte>.Shared.Rent(ForwardingDefaults.UdpBufferSize);
        try
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, token);
            return new PooledDatagram(buffer, read, from: null);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>Gives the buffer back to the pool.</summary>
    public void Dispose()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }
    }
}
