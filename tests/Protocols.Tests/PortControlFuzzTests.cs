using System.Net;
using CsCheck;
using IgdLab.Protocols.NatPmp;
using IgdLab.Protocols.Pcp;

namespace IgdLab.Protocols.Tests;

/// <summary>
/// Random and mutated datagrams through both port-control codecs: whatever arrives, reading never throws, a refusal's
/// answer is always a well-formed response, and what a writer wrote reads back.
/// </summary>
public sealed class PortControlFuzzTests
{
    private const long Iterations = 20_000;

    private static readonly Gen<byte[]> AnyDatagram = Gen.Byte.Array[0, 1200];

    private static readonly Gen<PcpRequest> MapRequests =
        Gen.Select(Gen.UInt, Gen.ULong, Gen.UInt, Gen.Bool.Select(tcp => tcp ? PcpProtocolNumbers.Tcp : PcpProtocolNumbers.Udp), Gen.UShort, Gen.UShort)
            .Select((lifetime, high, low, protocol, internalPort, externalPort) => new PcpRequest(PcpOpcode.Map, lifetime, IPAddress.Parse("127.0.0.2"))
            {
                Mapping = new PcpMapping(new PcpNonce(high, low), protocol, internalPort, externalPort, IPAddress.Any),
            });

    // A valid request with a few bytes changed, cut or extended: the datagrams most likely to reach deep into a parser.
    private static readonly Gen<byte[]> MutatedPcp =
        Gen.Select(MapRequests, Gen.Int[0, 8].SelectMany(n => Gen.Select(Gen.Int[0, 59], Gen.Byte).Array[n]), Gen.Int[-8, 8])
            .Select((request, edits, resize) =>
            {
                var bytes = PcpCodec.Write(request);
                foreach (var (at, value) in edits)
                {
                    bytes[at] = value;
                }

                Array.Resize(ref bytes, Math.Max(0, bytes.Length + resize));
                return bytes;
            });

    [Test]
    public void Pcp_AnyDatagram_IsReadOrRefusedOrDropped_NeverThrows()
    {
        Gen.OneOf(AnyDatagram, MutatedPcp).Sample(datagram =>
        {
            var read = PcpCodec.ReadRequest(datagram);
            if (read.Refusal is { } refusal)
            {
                var answer = PcpCodec.RefusalOf(datagram, refusal, 1);
                return PcpCodec.TryReadResponse(answer, out var response, out _) && response!.Result == refusal;
            }

            return read.IsDropped || read.Request is not null;
        }, iter: Iterations);
    }

    [Test]
    public void Pcp_AnyDatagram_ReadAsAResponse_NeverThrows()
    {
        Gen.OneOf(AnyDatagram, MutatedPcp).Sample(datagram =>
        {
            var ok = PcpCodec.TryReadResponse(datagram, out var response, out var why);
            return ok ? response is not null : why is not null;
        }, iter: Iterations);
    }

    [Test]
    public void Pcp_MapRequest_RoundTrips()
    {
        MapRequests.Sample(request =>
        {
            var read = PcpCodec.ReadRequest(PcpCodec.Write(request)).Request;
            return read is not null && read.LifetimeSeconds == request.LifetimeSeconds && Equals(read.Mapping, request.Mapping);
        }, iter: Iterations);
    }

    [Test]
    public void NatPmp_AnyDatagram_BothWays_NeverThrows()
    {
        Gen.Byte.Array[0, 64].Sample(datagram =>
        {
            var read = NatPmpCodec.ReadRequest(datagram);
            if (read.Outcome is NatPmpReadOutcome.UnsupportedVersion or NatPmpReadOutcome.UnsupportedOpcode)
            {
                var answer = NatPmpCodec.RefusalOf(datagram, read.Outcome, 1);
                if (!NatPmpCodec.TryReadResponse(answer, out _, out _))
                {
                    return false;
                }
            }

            NatPmpCodec.TryReadResponse(datagram, out _, out _);
            return read.Outcome != NatPmpReadOutcome.Request || read.Request is not null;
        }, iter: Iterations);
    }

    [Test]
    public void NatPmp_MapRequest_RoundTrips()
    {
        Gen.Select(Gen.Bool, Gen.UShort, Gen.UShort, Gen.UInt)
            .Select((tcp, internalPort, externalPort, lifetime) =>
                new NatPmpMapRequest(tcp ? MappingProtocol.Tcp : MappingProtocol.Udp, internalPort, externalPort, lifetime))
            .Sample(request => NatPmpCodec.ReadRequest(NatPmpCodec.Write(request)).Request == request, iter: Iterations);
    }
}
