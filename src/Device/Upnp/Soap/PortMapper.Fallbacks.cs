using System.Net;
using System.Runtime.ExceptionServices;

namespace IgdLab.Device.Upnp.Soap;

/// <content>Mapping with the fallbacks real routers need.</content>
public sealed partial class PortMapper
{
    private const int LowestCandidatePort = 1024;

    private const MappingFallbacks PortFallbacks = MappingFallbacks.OtherExternalPort | MappingFallbacks.AddAnyPortMapping;

    private async Task<MappingResult> MapLockedAsync(MappingRequest request, CancellationToken cancellationToken)
    {
        var isV2 = _client.ServiceVersion >= 2;
        var internalEndPoint = new IPEndPoint(request.InternalClient ?? _client.DefaultInternalClient(), request.InternalPort);
        var requestedPort = request.ExternalPort != 0 ? request.ExternalPort : request.InternalPort;

        // Renew where this mapper already holds the endpoint, or where a lost add may have put it.
        var previous = _owned.Values.FirstOrDefault(m => m.Protocol == request.Protocol && m.InternalEndPoint.Equals(internalEndPoint));
        var pending = _uncertain.FirstOrDefault(u => u.Key.Protocol == request.Protocol && u.Value.InternalEndPoint.Equals(internalEndPoint)).Value;
        var port = previous?.ExternalPort ?? pending?.Entry.ExternalPort ?? requestedPort;

        var lease = new LeasePlan(request.LeaseSeconds, isV2, _leaseSubstitutes);
        var addAnyLeft = isV2 && _options.UseAddAnyPortMapping && !_addAnyUnsupported && !HoldsOtherMappings(internalEndPoint, request.Protocol);
        var useAny = false;
        var movedBy = MappingFallbacks.None;
        var portsTried = 1;
        var cursor = port;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var entry = new PortMappingEntry
            {
                ExternalPort = port,
                Protocol = request.Protocol,
                InternalClient = internalEndPoint.Address.ToString(),
                InternalPort = request.InternalPort,
                Description = request.Description,
                LeaseSeconds = lease.Current,
            };
            try
            {
                if (useAny)
                {
                    port = await _client.AddAnyPortMappingAsync(entry, cancellationToken);
                }
                else
                {
                    await _client.AddPortMappingAsync(entry, cancellationToken);
                }

                break;
            }
            catch (UpnpTransportException ex) when (ex.RequestMayHaveBeenProcessed)
            {
                _uncertain[new MappingKey(port, request.Protocol)] = new UncertainAdd(entry, useAny);
                throw;
            }
            catch (UpnpErrorException ex)
            {
                if (lease.TryFallback(ex.Code))
                {
                    LogLeaseFallback(ex.Action, ex.Code, entry.LeaseSeconds, lease.Current);
                    continue;
                }

                if (useAny && ex.Code is UpnpErrorCode.InvalidAction or UpnpErrorCode.OptionalActionNotImplemented)
                {
                    // An IGD:2 that does not really implement AddAnyPortMapping: remember, and search ports ourselves.
                    _addAnyUnsupported = true;
                }
                else if (!IsConflict(ex.Code) || !request.AllowOtherExternalPort)
                {
                    throw;
                }
                else if (!useAny)
                {
                    await ForgetTakenPortAsync(port, request.Protocol, internalEndPoint, previous, pending, ex, cancellationToken);
                }

                if (!useAny && addAnyLeft)
                {
                    LogPortFallback(ex.Code, port, UpnpActions.AddAnyPortMapping);
                    useAny = true;
                    addAnyLeft = false;
                    continue;
                }

                if (portsTried >= _options.MaxExternalPortAttempts)
                {
                    throw;
                }

                useAny = false;
                cursor = port = NextCandidatePort(cursor, request.Protocol);
                portsTried++;
                movedBy = MappingFallbacks.OtherExternalPort;
                LogPortFallback(ex.Code, entry.ExternalPort, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        if (useAny)
        {
            movedBy = MappingFallbacks.AddAnyPortMapping;
        }

        lease.Remember(_leaseSubstitutes);
        var key = new MappingKey(port, request.Protocol);
        _uncertain.Remove(key);
        var portFallbacks = port == requestedPort ? MappingFallbacks.None
            : movedBy != MappingFallbacks.None ? movedBy
            : (previous?.Fallbacks ?? MappingFallbacks.OtherExternalPort) & PortFallbacks;

        // Track before asking anything else, so that a failure below cannot leak the mapping.
        var result = new MappingResult
        {
            ExternalAddress = previous?.ExternalAddress,
            ExternalPort = port,
            Protocol = request.Protocol,
            InternalEndPoint = internalEndPoint,
            LeaseSeconds = lease.ExpectedGrant,
            Description = request.Description,
            Fallbacks = lease.Fallbacks | portFallbacks,
        };
        Track(result);
        result = result with
        {
            LeaseSeconds = await GrantedLeaseAsync(key, internalEndPoint, lease.ExpectedGrant, cancellationToken),
            ExternalAddress = await _client.GetExternalIPAddressAsync(cancellationToken),
        };
        Track(result);
        LogMapped(result.ExternalAddress?.ToString() ?? "(unknown)", port, request.Protocol, internalEndPoint, result.LeaseSeconds, result.Fallbacks);
        return result;
    }

    /// <summary>
    /// Whether this mapper holds (or may hold) another mapping for the same client and protocol. Routers treat an add for
    /// the same client on a taken port as a renewal that overwrites it, so AddAnyPortMapping — which may pick such a
    /// port — could silently take over the device's other mapping; the mapper's own port search skips them instead.
    /// </summary>
    private bool HoldsOtherMappings(IPEndPoint internalEndPoint, MappingProtocol protocol) =>
        _owned.Values.Any(m => m.Protocol == protocol && m.InternalEndPoint.Address.Equals(internalEndPoint.Address) && !m.InternalEndPoint.Equals(internalEndPoint))
        || _uncertain.Any(u => u.Key.Protocol == protocol && u.Value.InternalEndPoint.Address.Equals(internalEndPoint.Address) && !u.Value.InternalEndPoint.Equals(internalEndPoint));

    private bool IsConflict(int code) => code switch
    {
        UpnpErrorCode.ConflictInMappingEntry or UpnpErrorCode.ActionNotAuthorized or UpnpErrorCode.ConflictWithOtherMechanisms => true,
        UpnpErrorCode.ActionFailed => _options.TreatActionFailedAsConflict,
        _ => false,
    };

    /// <summary>
    /// A port this mapper held (or may have created) is refused as taken: stop tracking it if the router shows it is
    /// someone else's or gone. If the router shows it is still this device's, or cannot tell, keep it and rethrow, since
    /// moving elsewhere would leave it behind.
    /// </summary>
    private async Task ForgetTakenPortAsync(
        int port, MappingProtocol protocol, IPEndPoint internalEndPoint, MappingResult? previous, UncertainAdd? pending, UpnpErrorException conflict, CancellationToken cancellationToken)
    {
        if (previous?.ExternalPort != port && pending?.Entry.ExternalPort != port)
        {
            return;
        }

        PortMappingEntry? holder;
        try
        {
            holder = await _client.GetSpecificPortMappingEntryAsync(port, protocol, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is UpnpErrorException or UpnpTransportException)
        {
            ExceptionDispatchInfo.Throw(conflict);
            throw;
        }

        if (holder is not null && IsFor(holder, internalEndPoint))
        {
            ExceptionDispatchInfo.Throw(conflict);
        }

        var key = new MappingKey(port, protocol);
        Forget(key);
        _uncertain.Remove(key);
        LogPortLost(port, protocol, holder?.InternalClient ?? "nobody");
    }

    /// <summary>The next port after <paramref name="after"/> (wrapping within 1024–65535) that this mapper does not use.</summary>
    private int NextCandidatePort(int after, MappingProtocol protocol)
    {
        var port = after;
        for (var i = 0; i < ushort.MaxValue; i++)
        {
            port = port >= ushort.MaxValue ? LowestCandidatePort : Math.Max(port + 1, LowestCandidatePort);
            var key = new MappingKey(port, protocol);

            // Adding on a port of our own other mapping would overwrite it (same client: a renewal to the router).
            if (!_owned.ContainsKey(key) && !_uncertain.ContainsKey(key))
            {
                return port;
            }
        }

        throw new InvalidOperationException("no candidate port left");
    }

    private async Task<uint> GrantedLeaseAsync(MappingKey key, IPEndPoint internalEndPoint, uint expected, CancellationToken cancellationToken)
    {
        try
        {
            var entry = await _client.GetSpecificPortMappingEntryAsync(key.ExternalPort, key.Protocol, cancellationToken: cancellationToken);
            if (entry is not null && IsFor(entry, internalEndPoint))
            {
                return entry.LeaseSeconds;
            }
        }
        catch (Exception ex) when (ex is UpnpErrorException or UpnpTransportException)
        {
            // The add succeeded; what the router granted is a detail. Assume it granted what was asked.
        }

        return expected;
    }

    /// <summary>The lease to send next, stepping through the fallbacks for routers with lease quirks.</summary>
    private sealed class LeasePlan
    {
        private readonly uint _requested;
        private readonly bool _isV2;
        private bool _triedZero;
        private bool _triedWeek;

        public LeasePlan(uint requested, bool isV2, IReadOnlyDictionary<uint, (uint Lease, MappingFallbacks Fallbacks)> learned)
        {
            _requested = requested;
            _isV2 = isV2;
            (Current, Fallbacks) = learned.TryGetValue(requested, out var substitute) ? substitute : (requested, MappingFallbacks.None);
            _triedZero = Current == 0;
            _triedWeek = Current == UpnpClientDefaults.WeekLeaseSeconds;
        }

        public uint Current { get; private set; }

        public MappingFallbacks Fallbacks { get; private set; }

        /// <summary>What the router grants for <see cref="Current"/> by the book: IGD:2 reads 0 as a week.</summary>
        public uint ExpectedGrant => Current == 0 && _isV2 ? UpnpClientDefaults.WeekLeaseSeconds : Current;

        /// <summary>Moves to the next lease after the router refused <see cref="Current"/> with <paramref name="code"/>.</summary>
        /// <returns>False when no lease fallback applies.</returns>
        public bool TryFallback(int code)
        {
            if ((code is UpnpErrorCode.OnlyPermanentLeasesSupported or UpnpErrorCode.InvalidArgs) && Current != 0 && !_triedZero)
            {
                (Current, _triedZero) = (0, true);
                Fallbacks |= MappingFallbacks.ZeroLease;
                return true;
            }

            if (code == UpnpErrorCode.InvalidArgs && Current == 0 && _isV2 && !_triedWeek)
            {
                (Current, _triedWeek) = (UpnpClientDefaults.WeekLeaseSeconds, true);
                Fallbacks |= MappingFallbacks.WeekLease;
                return true;
            }

            return false;
        }

        /// <summary>Remembers a fallback that worked, so later requests for the same lease go straight to it.</summary>
        public void Remember(Dictionary<uint, (uint Lease, MappingFallbacks Fallbacks)> learned)
        {
            if (Current != _requested)
            {
                learned[_requested] = (Current, Fallbacks);
            }
        }
    }
}
