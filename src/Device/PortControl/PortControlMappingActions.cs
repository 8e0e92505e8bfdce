using System.Net;
using IgdLab.Device.Devices;
using IgdLab.Device.Upnp.Soap;
using IgdLab.Protocols.Pcp;

namespace IgdLab.Device.PortControl;

/// <summary>
/// <see cref="IMappingActions"/> over NAT-PMP or PCP: the same seam <see cref="SoapMappingActions"/> fills for UPnP,
/// so the strategies and the watchdog keep a mapping whatever protocol makes it.
/// </summary>
/// <remarks>
/// Neither protocol can ask whether a mapping still exists. <see cref="IsMappedAsync"/> does what real clients do: it
/// asks for the gateway's epoch (NAT-PMP's external address request, PCP's ANNOUNCE) and trusts the mapping while the
/// epoch runs on consistently and the external address is the mapped one. A router whose epoch survives a reboot
/// (the epoch-not-reset quirk) fools it; a probe through the gateway does not.
/// </remarks>
public sealed class PortControlMappingActions : IMappingActions, IAsyncDisposable
{
    private readonly MappingMethod _method;
    private readonly NatPmpClient? _natPmp;
    private readonly PcpClient? _pcp;
    private readonly MappingProtocol _protocol;
    private readonly IPEndPoint _internal;
    private readonly ushort _wantedExternalPort;
    private readonly uint _lifetimeSeconds;
    private readonly PcpNonce _nonce;
    private MappingResult? _last;

    /// <summary>Creates actions that keep <paramref name="internalEndPoint"/> mapped by <paramref name="method"/>.</summary>
    /// <param name="method"><see cref="MappingMethod.NatPmp"/> or <see cref="MappingMethod.Pcp"/>.</param>
    /// <param name="gateway">The gateway's NAT-PMP/PCP endpoint (UDP 5351 of its LAN address).</param>
    /// <param name="protocol">The service's transport protocol.</param>
    /// <param name="internalEndPoint">The service: the device's own address and the service's port.</param>
    /// <param name="wantedExternalPort">The external port suggested; 0 lets the gateway choose.</param>
    /// <param name="lifetimeSeconds">The lifetime asked for.</param>
    /// <param name="options">The retransmission schedule; null uses the protocol's RFC schedule.</param>
    /// <param name="timeProvider">The clock of retransmissions and of the epoch check.</param>
    /// <param name="seed">Seeds the PCP nonce.</param>
    public PortControlMappingActions(
        MappingMethod method,
        IPEndPoint gateway,
        MappingProtocol protocol,
        IPEndPoint internalEndPoint,
        int wantedExternalPort,
        uint lifetimeSeconds,
        PortControlClientOptions? options = null,
        TimeProvider? timeProvider = null,
        int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(internalEndPoint);
        if (method is not (MappingMethod.NatPmp or MappingMethod.Pcp))
        {
            throw new ArgumentOutOfRangeException(nameof(method), method, "NAT-PMP or PCP");
        }

        if (lifetimeSeconds == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetimeSeconds), "a lifetime of 0 deletes; ask for a positive one");
        }

        _method = method;
        _protocol = protocol;
        _internal = internalEndPoint;
        _wantedExternalPort = (ushort)Math.Clamp(wantedExternalPort, 0, ushort.MaxValue);
        _lifetimeSeconds = lifetimeSeconds;
        _nonce = PcpNonce.Next(new Random(seed));
        if (method == MappingMethod.Pcp)
        {
            _pcp = new PcpClient(internalEndPoint.Address, gateway, options ?? PortControlClientOptions.Pcp, timeProvider);
        }
        else
        {
            _natPmp = new NatPmpClient(internalEndPoint.Address, gateway, options ?? PortControlClientOptions.NatPmp, timeProvider);
        }
    }

    /// <summary>The protocol in use.</summary>
    public MappingMethod Method => _method;

    /// <summary>The gateway's epoch as these actions last saw it.</summary>
    public EpochTracker Epoch => _pcp?.Epoch ?? _natPmp!.Epoch;

    /// <summary>The last mapping made, or null.</summary>
    public MappingResult? Last => Volatile.Read(ref _last);

    /// <inheritdoc />
    public async Task<MappingResult> MapAsync(CancellationToken cancellationToken)
    {
        // A renewal asks for the port it holds; a first map for the wanted one, else the service's own.
        var suggested = Last is { } last ? (ushort)last.ExternalPort : _wantedExternalPort != 0 ? _wantedExternalPort : (ushort)_internal.Port;
        MappingResult result;
        if (_pcp is not null)
        {
            var response = await _pcp.MapAsync(_nonce, _protocol, (ushort)_internal.Port, suggested, _lifetimeSeconds, cancellationToken);
            result = Result(response.Mapping!.ExternalAddress, response.Mapping.ExternalPort, response.LifetimeSeconds, "PCP");
        }
        else
        {
            var response = await _natPmp!.MapAsync(_protocol, (ushort)_internal.Port, suggested, _lifetimeSeconds, cancellationToken);
            var address = await _natPmp.GetExternalAddressAsync(cancellationToken);
            result = Result(address.ExternalAddress, response.ExternalPort, response.LifetimeSeconds, "NAT-PMP");
        }

        Volatile.Write(ref _last, result);
        return result;
    }

    /// <inheritdoc />
    public async Task<bool> IsMappedAsync(CancellationToken cancellationToken)
    {
        if (Last is not { } last)
        {
            return false;
        }

        var losses = Epoch.Losses;
        if (_pcp is not null)
        {
            await _pcp.AnnounceAsync(cancellationToken);
            return Epoch.Losses == losses;
        }

        var address = await _natPmp!.GetExternalAddressAsync(cancellationToken);
        return Epoch.Losses == losses && address.ExternalAddress.Equals(last.ExternalAddress);
    }

    /// <inheritdoc />
    public async Task<MappingResult> RemapAsync(CancellationToken cancellationToken)
    {
        await UnmapAsync(cancellationToken);
        Volatile.Write(ref _last, null);
        return await MapAsync(cancellationToken);
    }

    /// <summary>Deletes the mapping (lifetime 0); errors and silence are ignored.</summary>
    public async Task UnmapAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_pcp is not null)
            {
                await _pcp.MapAsync(_nonce, _protocol, (ushort)_internal.Port, 0, 0, cancellationToken);
            }
            else
            {
                await _natPmp!.MapAsync(_protocol, (ushort)_internal.Port, 0, 0, cancellationToken);
            }
        }
        catch (PortControlException)
        {
            // Nothing to delete, or a gateway that does not answer: the map that follows says what holds.
        }
    }

    /// <inheritdoc />
    /// <summary>
    /// Forgets the mapping without deleting it: disposing sends nothing to the router any more (see
    /// <see cref="VirtualDevice.AbandonMappingsAsync"/>).
    /// </summary>
    public void Abandon() => Volatile.Write(ref _last, null);

    public async ValueTask DisposeAsync()
    {
        if (Last is not null)
        {
            using var brief = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await UnmapAsync(brief.Token).ConfigureAwait(false);
        }

        _pcp?.Dispose();
        _natPmp?.Dispose();
    }

    private MappingResult Result(IPAddress externalAddress, int externalPort, uint lifetime, string protocolName) => new()
    {
        ExternalAddress = externalAddress,
        ExternalPort = externalPort,
        Protocol = _protocol,
        InternalEndPoint = _internal,
        LeaseSeconds = lifetime,
        Description = $"{protocolName} {_internal}",
    };
}
