using System.Net;
using IgdLab.Igd.Mapping;

namespace IgdLab.Igd.Forwarding;

/// <summary>
/// A silent router's closed TCP port: connections are accepted and held without a byte in return, so outside clients
/// time out instead of being refused (see <see cref="HeldConnection"/>).
/// </summary>
internal sealed class TcpBlackHole : IWanPort
{
    private readonly ITcpWanListener _listener;
    private readonly ForwardingContext _context;
    private readonly FlowSet _held = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _acceptLoop = Task.CompletedTask;
    private int _disposed;

    private TcpBlackHole(ITcpWanListener listener, IPAddress address, MappingKey key, ForwardingContext context)
    {
        _listener = listener;
        _context = context;
        Address = address;
        Key = key;
    }

    /// <inheritdoc />
    public MappingKey Key { get; }

    /// <inheritdoc />
    public IPAddress Address { get; }

    /// <summary>Binds and listens now; throws <see cref="System.Net.Sockets.SocketException"/> when the port is taken.</summary>
    public static TcpBlackHole Open(IPAddress address, MappingKey key, ForwardingContext context) =>
        new(WanPorts.ListenTcp(new IPEndPoint(address, key.ExternalPort), key, context), address, key, context);

    /// <inheritdoc />
    public void Start() =>
        _acceptLoop = Task.Run(() => _listener.RunAsync(Hold, _stop.Token));

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _stop.Cancel();
        _listener.Dispose();
        _held.AbortAll();
    }

    /// <inheritdoc />
    public async Task WhenClosedAsync()
    {
        try
        {
            await _acceptLoop;
            await _held.WhenAllEndedAsync();
        }
        catch (Exception ex)
        {
            ForwardingPlane.Log.LoopFailed(_context.Logger, Key, ex);
        }
        finally
        {
            _stop.Dispose();
        }
    }

    private void Hold(OutsideConnection accepted)
    {
        // Past the limit a connection is reset rather than held, so a flood cannot exhaust descriptors.
        if (_held.Count >= ForwardingDefaults.MaxHeldConnectionsPerPort || !_held.TryStart(new HeldConnection(accepted, _context)))
        {
            accepted.Reset();
        }
    }
}
