using System.Net;
using System.Net.Sockets;
using IgdLab.Igd.Mapping;
using IgdLab.Igd.Profiles;

namespace IgdLab.Igd.Forwarding;

/// <summary>
/// A TCP mapping's listener on WAN address:external port. Each accepted connection becomes a <see cref="TcpRelay"/>
/// to the internal client; peers the remote-host filter rejects get what the profile gives a closed port.
/// </summary>
internal sealed class TcpForwarder : IForwarder
{
    private readonly Socket _listener;
    private readonly ForwardingContext _context;
    private readonly MappingActivity _activity;
    private readonly FlowSet _flows = new();
    private readonly CancellationTokenSource _stop = new();
    private volatile PortMapping _mapping;
    private volatile ForwardTarget _target;
    private Task _acceptLoop = Task.CompletedTask;
    private int _disposed;

    private TcpForwarder(Socket listener, IPAddress address, PortMapping mapping, ForwardingContext context, MappingActivity activity)
    {
        _listener = listener;
        _context = context;
        _activity = activity;
        _mapping = mapping;
        _target = ForwardTarget.For(mapping);
        Address = address;
    }

    /// <inheritdoc />
    public MappingKey Key => _mapping.Key;

    /// <inheritdoc />
    public IPAddress Address { get; }

    /// <inheritdoc />
    public PortMapping Mapping => _mapping;

    /// <summary>Binds and listens now; throws <see cref="SocketException"/> when the port is taken.</summary>
    public static TcpForwarder Open(IPAddress address, PortMapping mapping, ForwardingContext context, MappingActivity activity)
    {
        var listener = WanSockets.ListenTcp(new IPEndPoint(address, mapping.ExternalPort));
        return new TcpForwarder(listener, address, mapping, context, activity);
    }

    /// <inheritdoc />
    public void Start() =>
        _acceptLoop = Task.Run(() => TcpAcceptLoop.RunAsync(_listener, Key, _context, Admit, _stop.Token));

    /// <inheritdoc />
    public bool Apply(PortMapping mapping)
    {
        var target = ForwardTarget.For(mapping);
        _mapping = mapping;
        if (target == _target)
        {
            return false;
        }

        // Established connections keep their device, as conntrack keeps established flows; new ones go to the new target.
        _target = target;
        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _stop.Cancel();
        _listener.Dispose();
        _flows.AbortAll();
    }

    /// <inheritdoc />
    public async Task WhenClosedAsync()
    {
        try
        {
            await _acceptLoop;
            await _flows.WhenAllEndedAsync();
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

    private void Admit(Socket accepted)
    {
        var peer = (IPEndPoint)accepted.RemoteEndPoint!;
        var target = _target;
        if (!target.Admits(peer.Address))
        {
            ForwardingPlane.Log.PeerNotAdmitted(_context.Logger, Key, peer.Address, target.RemoteHost);
            if (_context.ClosedPorts == ClosedPortBehaviour.Silent && _flows.Count < ForwardingDefaults.MaxHeldConnectionsPerPort
                && _flows.TryStart(new HeldConnection(accepted, _context)))
            {
                return;
            }

            WanSockets.Reset(accepted);
            return;
        }

        _activity.Touch();
        accepted.NoDelay = true;
        if (!_flows.TryStart(new TcpRelay(accepted, peer, target, _context, _activity)))
        {
            WanSockets.Reset(accepted);
        }
    }
}
