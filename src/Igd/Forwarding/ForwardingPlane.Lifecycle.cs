using System.Net;
using IgdLab.Igd.Mapping;
using IgdLab.Igd.Profiles;

namespace IgdLab.Igd.Forwarding;

// The router's life events: a new WAN address, a reboot, shutting down.
internal sealed partial class ForwardingPlane
{
    /// <summary>
    /// Moves every port to <paramref name="newAddress"/>. The old address refuses afterwards: its listeners, connections
    /// and silent ports close, and the task completes once they have.
    /// </summary>
    public async Task ChangeWanAddressAsync(IPAddress newAddress)
    {
        ArgumentNullException.ThrowIfNull(newAddress);
        Task closed;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (newAddress.Equals(_wanAddress))
            {
                return;
            }

            var oldAddress = _wanAddress;
            var moving = _ports.Values.ToList();
            closed = CloseAllLocked();
            _wanAddress = newAddress;
            foreach (var port in moving)
            {
                if (port is IForwarder forwarder)
                {
                    TryOpenForwarderLocked(forwarder.Mapping);
                }
                else
                {
                    TryOpenSilentPortLocked(port.Key);
                }
            }

            Log.WanAddressChanged(_context.Logger, oldAddress, newAddress, _ports.Count);
        }

        await closed;
    }

    /// <summary>Takes the router down: every port, connection and session closes, so connections are refused.</summary>
    public async Task SuspendAsync()
    {
        Task closed;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_keysBeforeSuspend is not null)
            {
                return;
            }

            _keysBeforeSuspend = [.. _ports.Keys];
            Log.Suspended(_context.Logger, _ports.Count);
            closed = CloseAllLocked();
        }

        await closed;
    }

    /// <summary>
    /// Brings the router back with <paramref name="table"/>: its forwarding mappings listen again on the current WAN
    /// address; a mapping whose port cannot be bound is logged and skipped. A silent router also silences the ports
    /// it had open before the reboot that the new table no longer maps.
    /// </summary>
    public Task ResumeAsync(IEnumerable<PortMapping> table)
    {
        ArgumentNullException.ThrowIfNull(table);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_keysBeforeSuspend is not { } before)
            {
                return Task.CompletedTask;
            }

            _keysBeforeSuspend = null;
            var listed = new Dictionary<MappingKey, PortMapping>();
            foreach (var mapping in table)
            {
                listed[mapping.Key] = mapping;
            }

            foreach (var key in _activity.Keys.Where(k => !listed.ContainsKey(k)))
            {
                _activity.TryRemove(key, out _);
            }

            var silent = _context.ClosedPorts == ClosedPortBehaviour.Silent;
            foreach (var mapping in listed.Values)
            {
                if (Forwards(mapping))
                {
                    TryOpenForwarderLocked(mapping);
                }
                else if (silent)
                {
                    TryOpenSilentPortLocked(mapping.Key);
                }
            }

            if (silent)
            {
                foreach (var key in before.Where(k => !listed.ContainsKey(k)))
                {
                    TryOpenSilentPortLocked(key);
                }
            }

            Log.Resumed(_context.Logger, _wanAddress, _ports.Count);
        }

        return Task.CompletedTask;
    }

    /// <summary>Closes every socket and waits for every accept loop, relay and session to end.</summary>
    public async ValueTask DisposeAsync()
    {
        Task closed;
        lock (_gate)
        {
            _disposed = true;
            closed = CloseAllLocked();
        }

        await closed;
    }
}
