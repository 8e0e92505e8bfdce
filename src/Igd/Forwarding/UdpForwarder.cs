using System.Net;
using System.Net.Sockets;
using IgdLab.Contracts.InProcess;
using IgdLab.Igd.Mapping;

namespace IgdLab.Igd.Forwarding;

/// <summary>
/// A UDP mapping's port on WAN address:external port, a kernel socket or an offer on the in-process WAN. Every outside peer endpoint gets its own
/// <see cref="UdpSession"/> towards the internal client; datagrams from peers the remote-host filter rejects vanish.
/// </summary>
internal sealed class UdpForwarder : Forwarder
{
    private readonly Lock _gate = new();
    private readonly Dictionary<IPEndPoint, UdpSession> _sessions = [];

    private readonly IUdpWanSocket _socket;

    private UdpForwarder(IUdpWanSocket socket, IPAddress address, PortMapping mapping, ForwardingContext context, MappingActivity activity)
        : base(socket, address, mapping, context, activity)
    {
        _socket = socket;
    }

    /// <summary>Binds now; throws <see cref="SocketException"/> when the port is taken.</summary>
    public static UdpForwarder Open(IPAddress address, PortMapping mapping, ForwardingContext context, MappingActivity activity)
    {
        var socket = WanPorts.BindUdp(new IPEndPoint(address, mapping.ExternalPort), mapping.Key, context);
        return new UdpForwarder(socket, address, mapping, context, activity);
    }

    /// <inheritdoc />
    protected override Task RunAsync() => _socket.RunAsync(ForwardAsync, Stopping);

    /// <inheritdoc />
    protected override void Retarget(ForwardTarget target)
    {
        // Sessions are flows to the old device: end them so the next datagram opens one to the new target.
        UdpSession[] stale;
        lock (_gate)
        {
            base.Retarget(target);
            stale = [.. _sessions.Values];
            _sessions.Clear();
        }

        foreach (var session in stale)
        {
            session.Abort();
        }
    }

    /// <inheritdoc />
    protected override void OnClosed()
    {
        lock (_gate)
        {
            _sessions.Clear();
        }
    }

    private async ValueTask ForwardAsync(IPEndPoint peer, ReadOnlyMemory<byte> datagram, DatagramReply toPeer, CancellationToken cancellationToken)
    {
        var target = Target;
        if (!target.Admits(peer.Address))
        {
            ForwardingPlane.Log.PeerNotAdmitted(Context.Logger, Key, peer.Address, target.RemoteHost);
            return;
        }

        var session = SessionFor(peer, toPeer);
        if (session is not null && !await session.ForwardInwardAsync(datagram))
        {
            // The session ended between lookup and send (idle timeout, re-target): give the datagram a fresh one.
            session = SessionFor(peer, toPeer);
            if (session is not null)
            {
                await session.ForwardInwardAsync(datagram);
            }
        }
    }

    private UdpSession? SessionFor(IPEndPoint peer, DatagramReply toPeer)
    {
        lock (_gate)
        {
            // Read under the lock that re-targeting takes, so no session to the old device opens after it.
            var target = Target;
            if (_sessions.TryGetValue(peer, out var existing) && existing.IsOpen)
            {
                return existing;
            }

            if (_sessions.Count >= ForwardingDefaults.MaxUdpSessionsPerMapping && existing is null)
            {
                return null;
            }

            UdpSession session;
            try
            {
                session = UdpSession.Open(toPeer, peer, target, Context, Activity);
            }
            catch (SocketException ex)
            {
                ForwardingPlane.Log.InternalConnectFailed(Context.Logger, peer, target.Internal, ex.Message);
                return null;
            }

            if (!Flows.TryStart(session))
            {
                session.Abort();
                return null;
            }

            _sessions[peer] = session;
            ForwardingPlane.Log.UdpSessionOpened(Context.Logger, Key, peer, target.Internal);
            session.Completion.ContinueWith(
                _ => Forget(session), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            return session;
        }
    }

    private void Forget(UdpSession session)
    {
        lock (_gate)
        {
            if (_sessions.TryGetValue(session.Peer, out var current) && ReferenceEquals(current, session))
            {
                _sessions.Remove(session.Peer);
            }
        }
    }
}
