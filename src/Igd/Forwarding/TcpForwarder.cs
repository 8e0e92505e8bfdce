using System.Net;
using System.Net.Sockets;
using IgdLab.Igd.Mapping;
using IgdLab.Igd.Profiles;

namespace IgdLab.Igd.Forwarding;

/// <summary>
/// A TCP mapping's listener on WAN address:external port. Each accepted connection becomes a <see cref="TcpRelay"/>
/// to the internal client; peers the remote-host filter rejects get what the profile gives a closed port.
/// </summary>
internal sealed class TcpForwarder : Forwarder
{
    private TcpForwarder(Socket listener, IPAddress address, PortMapping mapping, ForwardingContext context, MappingActivity activity)
        : base(listener, address, mapping, context, activity)
    {
    }

    /// <summary>Binds and listens now; throws <see cref="SocketException"/> when the port is taken.</summary>
    public static TcpForwarder Open(IPAddress address, PortMapping mapping, ForwardingContext context, MappingActivity activity)
    {
        var listener = WanSockets.ListenTcp(new IPEndPoint(address, mapping.ExternalPort));
        return new TcpForwarder(listener, address, mapping, context, activity);
    }

    // Established connections keep their device, as conntrack keeps established flows; new ones go to the new target
    // (the base class's Retarget does exactly that).

    /// <inheritdoc />
    protected override Task RunAsync() => TcpAcceptLoop.RunAsync(Socket, Key, Context, Admit, Stopping);

    private void Admit(Socket accepted)
    {
        var peer = (IPEndPoint)accepted.RemoteEndPoint!;
        var target = Target;
        if (!target.Admits(peer.Address))
        {
            ForwardingPlane.Log.PeerNotAdmitted(Context.Logger, Key, peer.Address, target.RemoteHost);
            if (Context.ClosedPorts == ClosedPortBehaviour.Silent && Flows.Count < ForwardingDefaults.MaxHeldConnectionsPerPort
                && Flows.TryStart(new HeldConnection(accepted, Context)))
            {
                return;
            }

            WanSockets.Reset(accepted);
            return;
        }

        Activity.Touch();
        accepted.NoDelay = true;
        IFlow flow = Context.HandOff?.FindConnections(target.Internal) is { } host
            ? new HandOffFlow(accepted, peer, target.Internal, host, Context, Activity)
            : new TcpRelay(accepted, peer, target, Context, Activity);
        if (!Flows.TryStart(flow))
        {
            WanSockets.Reset(accepted);
        }
    }
}
