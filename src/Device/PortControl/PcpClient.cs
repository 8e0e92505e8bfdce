using System.Net;
using IgdLab.Protocols.NatPmp;
using IgdLab.Protocols.Pcp;

namespace IgdLab.Device.PortControl;

/// <summary>A PCP client (RFC 6887): ANNOUNCE (the epoch), MAP and its deletion, tracking the server's epoch.</summary>
public sealed class PcpClient : IDisposable
{
    private readonly PortControlChannel _channel;
    private readonly IPAddress _localAddress;

    /// <summary>Creates a client on <paramref name="localAddress"/> for the server at <paramref name="gateway"/>.</summary>
    public PcpClient(IPAddress localAddress, IPEndPoint gateway, PortControlClientOptions? options = null, TimeProvider? timeProvider = null)
    {
        var time = timeProvider ?? TimeProvider.System;
        _localAddress = localAddress;
        _channel = new PortControlChannel(localAddress, gateway, options ?? PortControlClientOptions.Pcp, time);
        Epoch = new EpochTracker(time);
    }

    /// <summary>The server's epoch as this client saw it.</summary>
    public EpochTracker Epoch { get; }


    /// <summary>Sends ANNOUNCE: learns the server's epoch (and that it speaks PCP).</summary>
    /// <exception cref="PortControlException">Refused (UNSUPP_VERSION from a NAT-PMP-only gateway) or unanswered.</exception>
    public Task<PcpResponse> AnnounceAsync(CancellationToken cancellationToken) =>
        ExchangeAsync(new PcpRequest(PcpOpcode.Announce, 0, _localAddress), cancellationToken);

    /// <summary>Maps, renews or (with <paramref name="lifetimeSeconds"/> 0) deletes the mapping <paramref name="nonce"/> owns.</summary>
    /// <exception cref="PortControlException">Refused or unanswered.</exception>
    public Task<PcpResponse> MapAsync(
        PcpNonce nonce, MappingProtocol protocol, ushort internalPort, ushort suggestedExternalPort, uint lifetimeSeconds, CancellationToken cancellationToken) =>
        ExchangeAsync(
            new PcpRequest(PcpOpcode.Map, lifetimeSeconds, _localAddress)
            {
                Mapping = new PcpMapping(nonce, PcpProtocolNumbers.Of(protocol), internalPort, suggestedExternalPort, IPAddress.IPv6Any),
            },
            cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _channel.Dispose();

    private async Task<PcpResponse> ExchangeAsync(PcpRequest request, CancellationToken cancellationToken)
    {
        var answer = await _channel.ExchangeAsync(PcpCodec.Write(request), bytes => Matches(bytes, request), cancellationToken);
        if (PortControlWire.IsNatPmp(answer))
        {
            // RFC 6887 §9: a NAT-PMP-only gateway answers PCP with NAT-PMP's UNSUPP_VERSION.
            throw PortControlException.Refused(PcpResultCode.UnsuppVersion);
        }

        PcpCodec.TryReadResponse(answer, out var response, out _);
        Epoch.Observe(response!.EpochSeconds);

        return response.Result == PcpResultCode.Success ? response : throw PortControlException.Refused(response.Result);
    }

    // The answer to this request: its opcode, and for MAP its nonce (RFC 6887 §11.3); or NAT-PMP's version refusal.
    private static bool Matches(byte[] answer, PcpRequest request)
    {
        if (PortControlWire.IsNatPmp(answer))
        {
            return NatPmpCodec.TryReadResponse(answer, out var natPmp, out _) && natPmp!.Result == NatPmpResultCode.UnsupportedVersion;
        }

        return PcpCodec.TryReadResponse(answer, out var response, out _)
            && response!.Opcode == request.Opcode
            && (request.Mapping is null || response.Mapping is null || response.Mapping.Nonce == request.Mapping.Nonce);
    }
}
