using System.Net;
using IgdLab.Igd.Events;
using IgdLab.Igd.Profiles;
using IgdLab.Igd.Upnp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IgdLab.Igd.Mapping;

/// <summary>
/// The gateway's port mapping table with the WANIPConnection rules: lease semantics of IGD:1 and IGD:2, renewal by
/// overwrite, conflicts, secure mode, capacity, and lease expiry driven by the injected <see cref="TimeProvider"/>.
/// Errors are thrown as <see cref="UpnpException"/> carrying the code the profile prescribes.
/// </summary>
/// <remarks>
/// A change happens in three steps: the observers (the forwarding plane) reserve or release the WAN port under the
/// lock, where a refusal (729) still leaves nothing committed; the row commits; then, with the lock released, the
/// listeners hear the change. A listener therefore can never leave a port open without its row, nor see a change that
/// did not commit.
/// </remarks>
internal sealed class MappingTable : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<PortMapping> _ordered = [];
    private readonly Dictionary<MappingKey, PortMapping> _byKey = [];
    private readonly List<IMappingObserver> _observers = [];
    private readonly MappingChangeFeed _changes;
    private readonly RouterProfile _profile;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly ITimer _expiryTimer;
    private DateTimeOffset? _nextExpiry;

    public MappingTable(RouterProfile profile, TimeProvider time, int seed, ILogger? logger = null)
    {
        _profile = profile;
        _changes = new MappingChangeFeed(logger ?? NullLogger.Instance);
        _time = time;
        _random = new Random(seed);
        _expiryTimer = time.CreateTimer(_ => ExpireDue(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>How many mappings are listed.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _ordered.Count;
            }
        }
    }

    private bool IsV2 => _profile.IgdVersion >= 2;

    /// <summary>Adds an observer that keeps in step with every change under the table's lock (and may refuse adds).</summary>
    public void Observe(IMappingObserver observer)
    {
        lock (_gate)
        {
            _observers.Add(observer);
        }
    }

    /// <summary>
    /// Adds a listener that hears every committed change, in commit order, after the table's lock is released. A
    /// listener that throws is logged and does not stop the others.
    /// </summary>
    public void Listen(Action<MappingChange> listener) => _changes.Listen(listener);

    /// <summary>The table in index order.</summary>
    public IReadOnlyList<PortMapping> Snapshot()
    {
        lock (_gate)
        {
            return [.. _ordered];
        }
    }

    /// <summary>The mapping at <paramref name="key"/>, if any.</summary>
    public PortMapping? Find(MappingKey key)
    {
        lock (_gate)
        {
            return _byKey.GetValueOrDefault(key);
        }
    }

    /// <summary>
    /// The mapping that forwards to <paramref name="internalClient"/>:<paramref name="internalPort"/> over
    /// <paramref name="protocol"/>, if any: NAT-PMP and PCP name a mapping by its internal side, not its external port.
    /// </summary>
    public PortMapping? FindByInternal(IPAddress internalClient, int internalPort, MappingProtocol protocol)
    {
        lock (_gate)
        {
            return _ordered.Find(m => m.Protocol == protocol && m.InternalPort == internalPort && m.InternalClient.Equals(internalClient));
        }
    }

    /// <summary>AddPortMapping: adds, or renews the caller's own mapping by overwriting it.</summary>
    /// <returns>The mapping as stored and whether it was a renewal.</returns>
    public (PortMapping Mapping, bool Renewed) Add(MappingRequest request, IPAddress caller)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ExternalPort == 0)
        {
            throw new UpnpException(UpnpErrorCode.WildCardNotPermittedInExtPort);
        }

        try
        {
            lock (_gate)
            {
                return AddLocked(request, caller, request.ExternalPort);
            }
        }
        finally
        {
            _changes.Deliver();
        }
    }

    /// <summary>AddAnyPortMapping (IGD:2): the requested port if free, else the nearest free one.</summary>
    /// <returns>The mapping as stored; its external port is the reserved port.</returns>
    public PortMapping AddAny(MappingRequest request, IPAddress caller)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            lock (_gate)
            {
                var first = request.ExternalPort == 0 ? _random.Next(WanPorts.LowestAny, WanPorts.Highest + 1) : request.ExternalPort;
                foreach (var port in WanPorts.OutwardFrom(first))
                {
                    var key = new MappingKey(port, request.Protocol);
                    if (_byKey.TryGetValue(key, out var existing) && !existing.InternalClient.Equals(request.InternalClient))
                    {
                        continue;
                    }

                    try
                    {
                        return AddLocked(request, caller, port).Mapping;
                    }
                    catch (UpnpException ex) when (ex.Code == UpnpErrorCode.ConflictWithOtherMechanisms)
                    {
                        // The port is taken outside the table (another process holds the WAN address:port); try the next.
                    }
                }

                throw new UpnpException(UpnpErrorCode.NoPortMapsAvailable);
            }
        }
        finally
        {
            _changes.Deliver();
        }
    }

    /// <summary>DeletePortMapping.</summary>
    public PortMapping Delete(int externalPort, MappingProtocol protocol, IPAddress caller)
    {
        try
        {
            lock (_gate)
            {
                if (!_byKey.TryGetValue(new MappingKey(externalPort, protocol), out var mapping))
                {
                    throw new UpnpException(UpnpErrorCode.NoSuchEntryInArray);
                }

                if (_profile.SecureMode && !mapping.InternalClient.Equals(caller))
                {
                    throw new UpnpException(IsV2 ? UpnpErrorCode.ActionNotAuthorized : UpnpErrorCode.NoSuchEntryInArray);
                }

                RemoveLocked(mapping, RemovalReason.Deleted);
                return mapping;
            }
        }
        finally
        {
            _changes.Deliver();
        }
    }

    /// <summary>GetSpecificPortMappingEntry.</summary>
    public PortMapping GetSpecific(int externalPort, MappingProtocol protocol) =>
        Find(new MappingKey(externalPort, protocol)) ?? throw new UpnpException(UpnpErrorCode.NoSuchEntryInArray);

    /// <summary>GetGenericPortMappingEntry: the table compacts on delete, so indices are 0..Count-1.</summary>
    public PortMapping GetGeneric(int index)
    {
        lock (_gate)
        {
            if (index < 0 || index >= _ordered.Count)
            {
                throw new UpnpException(_profile.EffectiveEndOfListErrorCode);
            }

            return _ordered[index];
        }
    }

    /// <summary>GetListOfPortMappings (IGD:2).</summary>
    public IReadOnlyList<PortMapping> ListRange(
        int startPort, int endPort, MappingProtocol protocol, bool manage, IPAddress caller, int maxCount)
    {
        lock (_gate)
        {
            var selected = SelectRange(startPort, endPort, protocol, manage, caller);
            return maxCount > 0 ? [.. selected.Take(maxCount)] : selected;
        }
    }

    /// <summary>DeletePortMappingRange (IGD:2).</summary>
    /// <returns>How many mappings were deleted.</returns>
    public int DeleteRange(int startPort, int endPort, MappingProtocol protocol, bool manage, IPAddress caller)
    {
        try
        {
            lock (_gate)
            {
                var selected = SelectRange(startPort, endPort, protocol, manage && !_profile.SecureMode, caller);
                foreach (var mapping in selected)
                {
                    RemoveLocked(mapping, RemovalReason.Deleted);
                }

                return selected.Count;
            }
        }
        finally
        {
            _changes.Deliver();
        }
    }

    /// <summary>Removes one mapping (fault control); false when there was none.</summary>
    public bool Remove(MappingKey key, RemovalReason reason)
    {
        try
        {
            lock (_gate)
            {
                if (!_byKey.TryGetValue(key, out var mapping))
                {
                    return false;
                }

                RemoveLocked(mapping, reason);
                return true;
            }
        }
        finally
        {
            _changes.Deliver();
        }
    }

    /// <summary>Removes every mapping matching <paramref name="predicate"/> (all when null).</summary>
    /// <returns>The mappings removed.</returns>
    public IReadOnlyList<PortMapping> RemoveAll(RemovalReason reason, Func<PortMapping, bool>? predicate = null)
    {
        try
        {
            lock (_gate)
            {
                var removed = _ordered.Where(m => predicate?.Invoke(m) ?? true).ToList();
                foreach (var mapping in removed)
                {
                    RemoveLocked(mapping, reason);
                }

                return removed;
            }
        }
        finally
        {
            _changes.Deliver();
        }
    }

    /// <summary>Marks a mapping as a zombie: still listed and renewable, no longer forwarding.</summary>
    /// <param name="key">The mapping.</param>
    /// <param name="reason">Why it stopped forwarding: a fault (<see cref="RemovalReason.Dropped"/>) or the router on its own (<see cref="RemovalReason.Aged"/>).</param>
    public PortMapping? Zombify(MappingKey key, RemovalReason reason = RemovalReason.Dropped)
    {
        try
        {
            lock (_gate)
            {
                if (!_byKey.TryGetValue(key, out var mapping) || mapping.Zombie)
                {
                    return null;
                }

                var zombie = mapping with { Zombie = true };
                ReplaceLocked(mapping, zombie, reason);
                return zombie;
            }
        }
        finally
        {
            _changes.Deliver();
        }
    }

    /// <summary>Deletes every mapping whose lease has run out (also called by the expiry timer).</summary>
    public void ExpireDue()
    {
        try
        {
            lock (_gate)
            {
                var now = _time.GetUtcNow();
                foreach (var mapping in _ordered.Where(m => m.ExpiresAt <= now).ToList())
                {
                    RemoveLocked(mapping, RemovalReason.Expired);
                }

                // Forget the schedule so that an early tick (real clocks) still re-arms the timer.
                _nextExpiry = null;
                RescheduleLocked();
            }
        }
        finally
        {
            _changes.Deliver();
        }
    }

    public void Dispose() => _expiryTimer.Dispose();

    private (PortMapping Mapping, bool Renewed) AddLocked(MappingRequest request, IPAddress caller, int externalPort)
    {
        if (_profile.SecureMode && !request.InternalClient.Equals(caller))
        {
            throw new UpnpException(_profile.EffectiveSecureModeErrorCode);
        }

        if (request.InternalPort is < 1 or > WanPorts.Highest)
        {
            throw new UpnpException(IsV2 ? UpnpErrorCode.WildCardNotPermittedInIntPort : UpnpErrorCode.InvalidArgs);
        }

        var lease = request.Origin == MappingOrigin.Upnp ? _profile.Leases.Grant(request.LeaseSeconds, _profile.IgdVersion) : request.LeaseSeconds;
        var now = _time.GetUtcNow();
        var key = new MappingKey(externalPort, request.Protocol);
        if (_byKey.TryGetValue(key, out var existing))
        {
            if (!existing.InternalClient.Equals(request.InternalClient))
            {
                throw new UpnpException(_profile.EffectiveConflictErrorCode);
            }

            var renewed = existing with
            {
                RemoteHost = request.RemoteHost,
                InternalPort = request.InternalPort,
                Enabled = request.Enabled,
                Description = request.Description,
                LeaseSeconds = lease,
                ExpiresAt = lease == 0 ? null : now.AddSeconds(lease),
                Origin = request.Origin,
                Nonce = request.Nonce,

                // A stale rule comes back with a NAT-PMP or PCP request (miniupnpd rewrites the rule then), never with
                // a plain UPnP re-add; a zombie of any other kind only goes away with delete-then-add.
                Zombie = existing.Zombie && !(_profile.StaleRuleCache && request.Origin != MappingOrigin.Upnp),
            };
            ReplaceLocked(existing, renewed);
            RescheduleLocked();
            return (renewed, true);
        }

        if (_ordered.Count >= _profile.MaxMappings)
        {
            throw new UpnpException(IsV2 ? UpnpErrorCode.NoPortMapsAvailable : UpnpErrorCode.ActionFailed);
        }

        var mapping = new PortMapping
        {
            RemoteHost = request.RemoteHost,
            ExternalPort = externalPort,
            Protocol = request.Protocol,
            InternalClient = request.InternalClient,
            InternalPort = request.InternalPort,
            Enabled = request.Enabled,
            Description = request.Description,
            LeaseSeconds = lease,
            ExpiresAt = lease == 0 ? null : now.AddSeconds(lease),
            CreatedAt = now,
            Origin = request.Origin,
            Nonce = request.Nonce,
        };
        // Reserve first: the forwarding plane binds the WAN port here and may refuse with 729 before anything commits.
        foreach (var observer in _observers)
        {
            observer.OnAdded(mapping);
        }

        _ordered.Add(mapping);
        _byKey.Add(key, mapping);
        _changes.Enqueue(new MappingChange(MappingChangeKind.Added, mapping, null, null, _time.GetUtcNow()));
        RescheduleLocked();
        return (mapping, false);
    }

    private List<PortMapping> SelectRange(int startPort, int endPort, MappingProtocol protocol, bool manage, IPAddress caller)
    {
        if (startPort > endPort)
        {
            throw new UpnpException(UpnpErrorCode.InconsistentParameters);
        }

        var selected = _ordered
            .Where(m => m.Protocol == protocol && m.ExternalPort >= startPort && m.ExternalPort <= endPort)
            .Where(m => manage || m.InternalClient.Equals(caller))
            .OrderBy(m => m.ExternalPort)
            .ToList();
        return selected.Count == 0 ? throw new UpnpException(UpnpErrorCode.PortMappingNotFound) : selected;
    }

    private void ReplaceLocked(PortMapping previous, PortMapping current, RemovalReason? reason = null)
    {
        var at = _time.GetUtcNow();
        _ordered[_ordered.IndexOf(previous)] = current;
        _byKey[current.Key] = current;
        foreach (var observer in _observers)
        {
            observer.OnUpdated(previous, current);
        }

        _changes.Enqueue(new MappingChange(MappingChangeKind.Updated, current, previous, reason, at));
    }

    private void RemoveLocked(PortMapping mapping, RemovalReason reason)
    {
        // Stamped before the listener closes: the change is never later than what a probe can observe.
        var at = _time.GetUtcNow();
        _ordered.Remove(mapping);
        _byKey.Remove(mapping.Key);
        foreach (var observer in _observers)
        {
            observer.OnRemoved(mapping, reason);
        }

        _changes.Enqueue(new MappingChange(MappingChangeKind.Removed, mapping, null, reason, at));
    }

    private void RescheduleLocked()
    {
        DateTimeOffset? next = null;
        foreach (var mapping in _ordered)
        {
            if (mapping.ExpiresAt is { } at && (next is null || at < next))
            {
                next = at;
            }
        }

        if (next == _nextExpiry)
        {
            return;
        }

        _nextExpiry = next;
        var due = next is { } when ? when - _time.GetUtcNow() : Timeout.InfiniteTimeSpan;
        _expiryTimer.Change(due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
    }
}
