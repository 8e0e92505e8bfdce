using System.Net;
using IgdLab.Contracts.InProcess;
using IgdLab.Igd.Mapping;

namespace IgdLab.Igd.Forwarding;

/// <summary>A silent router's closed UDP port: datagrams are read and dropped, and no ICMP error goes back.</summary>
internal sealed class UdpBlackHole : IWanPort
{
    private readonly IUdpWanSocket _socket;
    private readonly ForwardingContext _context;
    private readonly CancellationTokenSource _stop = new();
    private Task _receiveLoop = Task.CompletedTask;
    private int _disposed;

    private UdpBlackHole(IUdpWanSocket socket, IPAddress address, MappingKey key, ForwardingContext context)
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

    /// <summary>Binds now; throws <see cref="System.Net.Sockets.SocketException"/> when the port is taken.</summary>
    public static UdpBlackHole Open(IPAddress address, MappingKey key, ForwardingContext context) =>
        new(WanPorts.BindUdp(new IPEndPoint(address, key.ExternalPort), key, context), address, key, context);

    /// <inheritdoc />
    public void Start() => _receiveLoop = Task.Run(() => _socket.RunAsync(Drop, _stop.Token));

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

    /// <summary>Drops a datagram; the WAN port has counted it already.</summary>
    private static ValueTask Drop(IPEndPoint from, ReadOnlyMemory<byte> datagram, DatagramReply reply, CancellationToken cancellationToken) =>
        ValueTask.CompletedTask;
}
