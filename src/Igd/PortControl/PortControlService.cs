using System.Collections.Concurrent;
using System.Net;
using IgdLab.Igd.Events;
using IgdLab.Igd.Mapping;
using IgdLab.Igd.Profiles;
using IgdLab.Igd.Router;
using IgdLab.Igd.Upnp;
using IgdLab.Protocols.NatPmp;
using IgdLab.Protocols.Pcp;

namespace IgdLab.Igd.PortControl;

/// <summary>
/// The router's NAT-PMP (RFC 6886) and PCP (RFC 6887) logic: one datagram in, at most one datagram out, against the
/// one mapping table UPnP uses. The version byte tells the protocols apart; a protocol the router does not speak (by
/// profile or by the disable-natpmp / disable-pcp faults) is answered as RFC 6887 §9 says when the other one is on
/// (UNSUPP_VERSION in the format of the protocol that is), and not at all when both are off.
/// </summary>
internal sealed class PortControlService(MappingTable table, RouterState state, PortControlPolicy policy, TimeProvider time)
{
    private const int MaxRecentClients = 4096;

    private readonly ConcurrentDictionary<IPAddress, RecentClient> _recent = new();
    private long _datagrams;
    private long _dropped;
    private long _refused;

    /// <summary>Datagrams received, whatever became of them.</summary>
    public long Datagrams => Interlocked.Read(ref _datagrams);

    /// <summary>Datagrams not answered at all: too short, responses, sent while the router is down or speaks neither protocol.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Requests answered with an error result.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>The answer to <paramref name="datagram"/> from <paramref name="source"/>, or null for silence.</summary>
    public byte[]? Handle(ReadOnlySpan<byte> datagram, IPEndPoint source)
    {
        Interlocked.Increment(ref _datagrams);
        var natPmp = state.NatPmpEnabled;
        var pcp = state.PcpEnabled;
        if (!state.IsUp || datagram.Length == 0 || (!natPmp && !pcp))
        {
            Interlocked.Increment(ref _dropped);
            return null;
        }

        var isNatPmp = PortControlWire.IsNatPmp(datagram);
        var answer = isNatPmp switch
        {
            true when natPmp => HandleNatPmp(datagram, source),
            false when pcp => HandlePcp(datagram, source),

            // NAT-PMP only: the NAT-PMP reader answers any other version with its UNSUPP_VERSION.
            false => HandleNatPmp(datagram, source),

            // PCP only (RFC 6887 §9): a version 0 request gets NAT-PMP's UNSUPP_VERSION.
            true => Refuse(NatPmpCodec.Write(new NatPmpErrorResponse(NatPmpResultCode.UnsupportedVersion, state.EpochSeconds, NatPmpCodec.ResponseBit))),
        };
        return answer;
    }

    /// <summary>The clients that made a request within the profile's window, with what they spoke: where unicast announcements go.</summary>
    public IReadOnlyList<(IPAddress Address, bool NatPmp, bool Pcp)> RecentClients()
    {
        var since = time.GetUtcNow().AddSeconds(-policy.AnnounceClientWindowSeconds);
        return [.. _recent.Where(c => c.Value.LastSeen >= since).Select(c => (c.Key, c.Value.NatPmp, c.Value.Pcp))];
    }

    private byte[]? HandleNatPmp(ReadOnlySpan<byte> datagram, IPEndPoint source)
    {
        var read = NatPmpCodec.ReadRequest(datagram);
        switch (read.Outcome)
        {
            case NatPmpReadOutcome.Ignore:
                Interlocked.Increment(ref _dropped);
                return null;
            case NatPmpReadOutcome.UnsupportedVersion or NatPmpReadOutcome.UnsupportedOpcode:
                return Refuse(NatPmpCodec.RefusalOf(datagram, read.Outcome, state.EpochSeconds));
        }

        Remember(source.Address, natPmp: true);
        var epoch = state.EpochSeconds;
        switch (read.Request)
        {
            case NatPmpMapRequest map:
                var response = Map(map, source.Address, epoch);
                if (response.Result != NatPmpResultCode.Success)
                {
                    Interlocked.Increment(ref _refused);
                }

                return NatPmpCodec.Write(response);
            default:
                return NatPmpCodec.Write(new NatPmpExternalAddressResponse(NatPmpResultCode.Success, epoch, state.WanAddress));
        }
    }

    private NatPmpMapResponse Map(NatPmpMapRequest map, IPAddress client, uint epoch)
    {
        if (map.LifetimeSeconds == 0)
        {
            // RFC 6886 §3.4: lifetime 0 deletes; with internal port 0 too, every mapping of the client and protocol.
            foreach (var mapping in table.Snapshot())
            {
                if (mapping.Protocol == map.Protocol && mapping.InternalClient.Equals(client) && mapping.Origin == MappingOrigin.NatPmp
                    && (map.InternalPort == 0 || mapping.InternalPort == map.InternalPort))
                {
                    table.Remove(mapping.Key, RemovalReason.Deleted);
                }
            }

            return new NatPmpMapResponse(NatPmpResultCode.Success, epoch, map.Protocol, map.InternalPort, 0, 0);
        }

        if (map.InternalPort == 0)
        {
            return new NatPmpMapResponse(NatPmpResultCode.NotAuthorized, epoch, map.Protocol, map.InternalPort, 0, 0);
        }

        var lifetime = policy.Grant(map.LifetimeSeconds);
        var existing = table.FindByInternal(client, map.InternalPort, map.Protocol);
        var first = existing?.ExternalPort ?? (map.SuggestedExternalPort != 0 ? map.SuggestedExternalPort : map.InternalPort);
        try
        {
            var mapping = table.AddAny(Request(map.Protocol, client, map.InternalPort, first, lifetime, MappingOrigin.NatPmp, null), client);
            return new NatPmpMapResponse(NatPmpResultCode.Success, epoch, map.Protocol, map.InternalPort, (ushort)mapping.ExternalPort, lifetime);
        }
        catch (UpnpException ex)
        {
            var result = ex.Code == UpnpErrorCode.ActionNotAuthorized ? NatPmpResultCode.NotAuthorized : NatPmpResultCode.OutOfResources;
            return new NatPmpMapResponse(result, epoch, map.Protocol, map.InternalPort, 0, 0);
        }
    }

    private byte[]? HandlePcp(ReadOnlySpan<byte> datagram, IPEndPoint source)
    {
        var read = PcpCodec.ReadRequest(datagram);
        if (read.IsDropped)
        {
            Interlocked.Increment(ref _dropped);
            return null;
        }

        if (read.Refusal is { } refusal)
        {
            return Refuse(PcpCodec.RefusalOf(datagram, refusal, state.EpochSeconds));
        }

        var request = read.Request!;
        if (!request.ClientAddress.Equals(source.Address))
        {
            return Refuse(PcpCodec.RefusalOf(datagram, PcpResultCode.AddressMismatch, state.EpochSeconds));
        }

        Remember(source.Address, natPmp: false);
        var epoch = state.EpochSeconds;
        if (request.Opcode == PcpOpcode.Announce)
        {
            return PcpCodec.Write(new PcpResponse(PcpOpcode.Announce, PcpResultCode.Success, 0, epoch));
        }

        if (request.Opcode == PcpOpcode.Peer && !policy.Peer)
        {
            return Refuse(PcpCodec.RefusalOf(datagram, PcpResultCode.UnsuppOpcode, epoch));
        }

        var (result, response) = Map(request, source.Address, epoch);
        return result == PcpResultCode.Success ? PcpCodec.Write(response!) : Refuse(PcpCodec.RefusalOf(datagram, result, epoch));
    }

    private (PcpResultCode Result, PcpResponse? Response) Map(PcpRequest request, IPAddress source, uint epoch)
    {
        var wanted = request.Mapping!;
        if (!PcpProtocolNumbers.TryGet(wanted.Protocol, out var protocol) || wanted.InternalPort == 0)
        {
            // Protocol 0 ("all") and other protocols cannot be forwarded by this router.
            return (PcpResultCode.UnsuppProtocol, null);
        }

        var client = source;
        List<PcpOption> honoured = [];
        if (request.Options.FirstOrDefault(o => o.Code == PcpOptionCodes.ThirdParty) is { } thirdParty)
        {
            if (!policy.ThirdParty)
            {
                return (PcpResultCode.NotAuthorized, null);
            }

            client = PcpAddress.Read(thirdParty.Data);
            honoured.Add(thirdParty);
        }

        var preferFailure = request.Options.Any(o => o.Code == PcpOptionCodes.PreferFailure);
        if (preferFailure)
        {
            honoured.Add(PcpOption.PreferFailure());
        }

        var existing = table.FindByInternal(client, wanted.InternalPort, protocol);
        if (existing is not null && existing.Nonce != wanted.Nonce)
        {
            // RFC 6887 §11.3: only the nonce that made a mapping renews or deletes it.
            return (PcpResultCode.NotAuthorized, null);
        }

        var wan = state.WanAddress;
        if (request.LifetimeSeconds == 0)
        {
            if (existing is not null)
            {
                table.Remove(existing.Key, RemovalReason.Deleted);
            }

            var deleted = wanted with { ExternalPort = (ushort)(existing?.ExternalPort ?? wanted.ExternalPort), ExternalAddress = wan };
            return (PcpResultCode.Success, Response(request, deleted, 0, epoch, honoured));
        }

        var suggestedAddress = wanted.ExternalAddress;
        var anyAddress = suggestedAddress.Equals(IPAddress.IPv6Any) || suggestedAddress.Equals(IPAddress.Any);
        if (preferFailure && !anyAddress && !suggestedAddress.Equals(wan))
        {
            return (PcpResultCode.CannotProvideExternal, null);
        }

        var lifetime = policy.Grant(request.LifetimeSeconds);
        var first = existing?.ExternalPort ?? (wanted.ExternalPort != 0 ? wanted.ExternalPort : wanted.InternalPort);
        var add = Request(protocol, client, wanted.InternalPort, first, lifetime, MappingOrigin.Pcp, wanted.Nonce);
        try
        {
            var mapping = preferFailure && existing is null && wanted.ExternalPort != 0
                ? table.Add(add, client).Mapping
                : table.AddAny(add, client);
            var granted = wanted with { ExternalPort = (ushort)mapping.ExternalPort, ExternalAddress = wan };
            return (PcpResultCode.Success, Response(request, granted, lifetime, epoch, honoured));
        }
        catch (UpnpException ex) when (ex.Code == UpnpErrorCode.ActionNotAuthorized)
        {
            return (PcpResultCode.NotAuthorized, null);
        }
        catch (UpnpException ex) when (preferFailure && ex.Code is not (UpnpErrorCode.NoPortMapsAvailable or UpnpErrorCode.ActionFailed))
        {
            // PREFER_FAILURE: the suggested port is taken; no other port is offered (RFC 6887 §13.2).
            return (PcpResultCode.CannotProvideExternal, null);
        }
        catch (UpnpException)
        {
            return (PcpResultCode.NoResources, null);
        }
    }

    private static PcpResponse Response(PcpRequest request, PcpMapping mapping, uint lifetime, uint epoch, IReadOnlyList<PcpOption> options) =>
        new(request.Opcode, PcpResultCode.Success, lifetime, epoch) { Mapping = mapping, RemotePeer = request.RemotePeer, Options = options };

    private static MappingRequest Request(
        MappingProtocol protocol, IPAddress client, int internalPort, int externalPort, uint lifetime, MappingOrigin origin, PcpNonce? nonce) =>
        new()
        {
            ExternalPort = externalPort,
            Protocol = protocol,
            InternalClient = client,
            InternalPort = internalPort,
            Description = $"{(origin == MappingOrigin.Pcp ? "PCP" : "NAT-PMP")} {internalPort} {protocol.ToUpnp().ToLowerInvariant()}",
            LeaseSeconds = lifetime,
            Origin = origin,
            Nonce = nonce,
        };

    private byte[] Refuse(byte[] answer)
    {
        Interlocked.Increment(ref _refused);
        return answer;
    }

    private void Remember(IPAddress client, bool natPmp)
    {
        var now = time.GetUtcNow();
        if (_recent.TryGetValue(client, out var known))
        {
            _recent[client] = known with { LastSeen = now, NatPmp = known.NatPmp || natPmp, Pcp = known.Pcp || !natPmp };
        }
        else if (_recent.Count < MaxRecentClients)
        {
            _recent[client] = new RecentClient(now, natPmp, !natPmp);
        }
    }

    private sealed record RecentClient(DateTimeOffset LastSeen, bool NatPmp, bool Pcp);
}
