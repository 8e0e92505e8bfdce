using System.Net;
using System.Net.Sockets;
using IgdLab.Igd.Mapping;

namespace IgdLab.Igd.Forwarding;

/// <summary>A silent router's closed UDP port: datagrams are read and dropped, and no ICMP error goes back.</summary>
internal sealed class UdpBlackHole : IWanPort
{
    private readonly Socket _socket;
    private readonly ForwardingContext _context;
    private readonly CancellationTokenSource _stop = new();
    private Task _receiveLoop = Task.CompletedTask;
    private int _disposed;

    private UdpBlackHole(Socket socket, IPAddress address, MappingKey key, ForwardingContext context)
    {
        _socket = socket;
        _context = context;
        Address = address;
        Key = key;
    }

    /// <inheritdoc />
    public MappingKey Key { get; }

    /// <inheritdoc />
    public IPAddress Address { get; }

    /// <summary>Binds now; throws <see cref="SocketException"/> when the port is taken.</summary>
    public static UdpBlackHole Open(IPAddress address, MappingKey key, ForwardingContext context) =>
        new(WanSockets.BindUdp(new IPEndPoint(address, key.ExternalPort)), address, key, context);

    /// <inheritdoc />
    public void Start() => _receiveLoop = Task.Run(SwallowAsync);

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _stop.Cancel();
        _socket.Dispose();
    }

    /// <inheritdoc />
    public async Task WhenClosedAsync()
    {
        await _receiveLoop;
        _stop.Dispose();
    }

    private async Task SwallowAsync()
    {
        var token = _stop.Token;
        var anyPeer = WanSockets.AnyEndPoint(Address);
        try
        {
            while (!token.IsCancellationRequested)
            {
                try
                {
                    using var received = await PooledDatagram.ReceiveFromAsync(_socket, anyPeer, token);
                    _context.Counters.CountReceived(received.Length);
                }
                catch (SocketException ex) when (!token.IsCancellationRequested && ex.SocketErrorCode != SocketError.OperationAborted)
                {
                    // A truncated datagram or a stray ICMP error: keep swallowing.
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Closed.
        }
        catch (Exception ex)
        {
            ForwardingPlane.Log.LoopFailed(_context.Logger, Key, ex);
        }
    }
}
