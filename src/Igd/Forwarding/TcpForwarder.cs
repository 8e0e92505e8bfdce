using System.Net;
using IgdLab.Igd.Mapping;
using IgdLab.Igd.Profiles;

namespace IgdLab.Igd.Forwarding;

/// <summary>
/// A TCP mapping's port on WAN address:external port, a kernel listener or an offer on the in-process WAN. Each
/// admitted connection is handed to a LAN host in this process (<see cref="HandOffFlow"/>) or becomes a
/// <see cref="TcpRelay"/> to the internal client; peers the remote-host filter rejects get what the profile gives a
/// closed port. A connection in memory cannot be relayed to a host on the kernel: it is reset, as by a dead host.
/// </summary>
internal sealed class TcpForwarder : Forwarder
{
    private readonly ITcpWanListener _listener;

    private TcpForwarder(ITcpWanListener listener, IPAddress address, PortMapping mapping, ForwardingContext context, MappingActivity activity)
        : base(listener, address, mapping, context, activity)
    {
        _listener = listener;
    }

    /// <summary>Binds and listens now; throws <see cref="System.Net.Sockets.SocketException"/> when the port is taken.</summary>
    public static TcpForwarder Open(IPAddress address, PortMapping mapping, ForwardingContext context, MappingActivity activity)
    {
        var listener = WanPorts.ListenTcp(new IPEndPoint(address, mapping.ExternalPort), mapping.Key, context);
        return new TcpForwarder(listener, address, mapping, context, activity);
    }

    // Established connections keep their device, as conntrack keeps established flows; new ones go to the new target
    // (the base class's Retarget does exactly that).

    /// <inheritdoc />
    protected override Task RunAsync() => _listener.RunAsync(Admit, Stopping);

    private void Admit(OutsideConnection outside)
    {
        var peer = outside.Peer;
        var target = Target;
        if (!target.Admits(peer.Address))
        {
            ForwardingPlane.Log.PeerNotAdmitted(Context.Logger, Key, peer.Address, target.RemoteHost);
            if (Context.ClosedPorts == ClosedPortBehaviour.Silent && Flows.Count < ForwardingDefaults.MaxHeldConnectionsPerPort
                && Flows.TryStart(new HeldConnection(outside, Context)))
            {
                return;
            }

            outside.Reset();
            return;
        }

        Activity.Touch();
        if (FlowFor(outside, target) is not { } flow || !Flows.TryStart(flow))
        {
            outside.Reset();
        }
    }

    private IFlow? FlowFor(OutsideConnection outside, ForwardTarget target)
    {
        if (Context.HandOff?.FindConnections(target.Internal) is { } host)
        {
            return new HandOffFlow(outside, target.Internal, host, Context, Activity);
        }

        if (outside.Socket is { } socket)
        {
            return new TcpRelay(socket, outside.Peer, target, Context, Activity);
        }

        ForwardingPlane.Log.InProcessHostMissing(Context.Logger, Key, outside.Peer, target.Internal);
        return null;
    }
}
