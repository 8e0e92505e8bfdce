using System.Net;
using IgdLab.Protocols.NatPmp;

namespace IgdLab.Device.PortControl;

/// <summary>A NAT-PMP client (RFC 6886): external address, map and unmap, tracking the gateway's epoch.</summary>
public sealed class NatPmpClient : IDisposable
{
    private readonly PortControlChannel _channel;

    /// <summary>Creates a client on <paramref name="localAddress"/> for the gateway at <paramref name="gateway"/>.</summary>
    public NatPmpClient(IPAddress localAddress, IPEndPoint gateway, PortControlClientOptions? options = null, TimeProvider? timeProvider = null)
    {
        var time = timeProvider ?? TimeProvider.System;
        _channel = new PortControlChannel(localAddress, gateway, options ?? PortControlClientOptions.NatPmp, time);
        Epoch = new EpochTracker(time);
    }

    /// <summary>The gateway's epoch as this client saw it.</summary>
    public EpochTracker Epoch { get; }


    /// <summary>Asks the gateway for its external address.</summary>
    /// <exception cref="PortControlException">Refused or unanswered.</exception>
    public async Task<NatPmpExternalAddressResponse> GetExternalAddressAsync(CancellationToken cancellationToken)
    {
        var response = await ExchangeAsync(new NatPmpExternalAddressRequest(), NatPmpOpcode.ExternalAddress, cancellationToken);
        return response as NatPmpExternalAddressResponse ?? throw new PortControlException("the gateway answered without an address");
    }

    /// <summary>Maps (or, with <paramref name="lifetimeSeconds"/> 0, unmaps) <paramref name="internalPort"/>.</summary>
    /// <exception cref="PortControlException">Refused or unanswered.</exception>
    public async Task<NatPmpMapResponse> MapAsync(
        MappingProtocol protocol, ushort internalPort, ushort suggestedExternalPort, uint lifetimeSeconds, CancellationToken cancellationToken)
    {
        var request = new NatPmpMapRequest(protocol, internalPort, suggestedExternalPort, lifetimeSeconds);
        var response = await ExchangeAsync(request, NatPmpCodec.MapOpcode(protocol), cancellationToken);
        return response as NatPmpMapResponse ?? throw new PortControlException("the gateway answered a map request without a mapping");
    }

    /// <inheritdoc />
    public void Dispose() => _channel.Dispose();

    private async Task<NatPmpResponse> ExchangeAsync(NatPmpRequest request, NatPmpOpcode opcode, CancellationToken cancellationToken)
    {
        var expected = (byte)(NatPmpCodec.ResponseBit + (byte)opcode);
        var answer = await _channel.ExchangeAsync(
            NatPmpCodec.Write(request),
            bytes => bytes.Length >= 2 && (bytes[1] == expected || bytes[1] == NatPmpCodec.ResponseBit) && NatPmpCodec.TryReadResponse(bytes, out _, out _),
            cancellationToken);
        NatPmpCodec.TryReadResponse(answer, out var response, out _);
        Epoch.Observe(response!.EpochSeconds);

        return response.Result == NatPmpResultCode.Success ? response : throw PortControlException.Refused(response.Result);
    }
}
