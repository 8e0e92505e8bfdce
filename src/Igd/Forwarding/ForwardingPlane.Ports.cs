using System.Net;
using System.Net.Sockets;
using IgdLab.Igd.Mapping;

namespace IgdLab.Igd.Forwarding;

// Opening and closing the WAN ports; every method here runs under the plane's lock.
internal sealed partial class ForwardingPlane
{
    private void OpenForwarderLocked(PortMapping mapping)
    {
        var activity = _activity.GetOrAdd(mapping.Key, _ => new MappingActivity(_context.Time));
        IForwarder forwarder = mapping.Protocol == MappingProtocol.Tcp
            ? TcpForwarder.Open(_wanAddress, mapping, _context, activity)
            : UdpForwarder.Open(_wanAddress, mapping, _context, activity);
        forwarder.Start();
        _ports[mapping.Key] = forwarder;
        Log.Forwarding(_context.Logger, mapping.Key, _wanAddress, new IPEndPoint(mapping.InternalClient, mapping.InternalPort));
        WarnIfRemoteHostUnusable(mapping);
    }

    private void TryOpenForwarderLocked(PortMapping mapping)
    {
        try
        {
            OpenForwarderLocked(mapping);
        }
        catch (SocketException ex)
        {
            Log.BindFailed(_context.Logger, mapping.Key, _wanAddress, ex.SocketErrorCode);
        }
    }

    private void OpenSilentPortLocked(MappingKey key)
    {
        IWanPort port = key.Protocol == MappingProtocol.Tcp
            ? TcpBlackHole.Open(_wanAddress, key, _context)
            : UdpBlackHole.Open(_wanAddress, key, _context);
        port.Start();
        _ports[key] = port;
        Log.SilentPortOpened(_context.Logger, key, _wanAddress);
    }

    private void TryOpenSilentPortLocked(MappingKey key)
    {
        try
        {
            OpenSilentPortLocked(key);
        }
        catch (SocketException ex)
        {
            Log.BindFailed(_context.Logger, key, _wanAddress, ex.SocketErrorCode);
        }
    }

    private void CloseLocked(MappingKey key)
    {
        if (_ports.Remove(key, out var port))
        {
            Retire(port);
        }
    }

    private Task CloseAllLocked()
    {
        foreach (var port in _ports.Values)
        {
            Retire(port);
        }

        _ports.Clear();
        return Task.WhenAll(_closing);
    }

    private void Retire(IWanPort port)
    {
        // Closing is synchronous so the port is free for the next bind; the loops wind down on the thread pool.
        port.Dispose();
        Log.Closed(_context.Logger, port.Key, port.Address);
        var closed = port.WhenClosedAsync();
        _closing.Add(closed);
        closed.ContinueWith(
            done =>
            {
                lock (_gate)
                {
                    _closing.Remove(done);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.None,
            TaskScheduler.Default);
    }

    private void WarnIfRemoteHostUnusable(PortMapping mapping)
    {
        if (ForwardTarget.For(mapping).AdmitsNobody)
        {
            Log.RemoteHostNotAnAddress(_context.Logger, mapping.Key, mapping.RemoteHost);
        }
    }
}
