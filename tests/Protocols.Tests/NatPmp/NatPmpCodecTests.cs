using System.Net;
using IgdLab.Protocols.NatPmp;

namespace IgdLab.Protocols.Tests.NatPmp;

public sealed class NatPmpCodecTests
{
    [Test]
    public void MapRequest_IsTwelveBigEndianBytes_AndReadsBack()
    {
        var request = new NatPmpMapRequest(MappingProtocol.Tcp, 8080, 18080, 7200);

        var bytes = NatPmpCodec.Write(request);

        Assert.That(bytes, Is.EqualTo(new byte[] { 0, 2, 0, 0, 0x1f, 0x90, 0x46, 0xa0, 0, 0, 0x1c, 0x20 }));
        var read = NatPmpCodec.ReadRequest(bytes);
        Assert.That(read.Outcome, Is.EqualTo(NatPmpReadOutcome.Request));
        Assert.That(read.Request, Is.EqualTo(request));
    }

    [Test]
    public void ExternalAddressRequest_IsTwoBytes()
    {
        var bytes = NatPmpCodec.Write(new NatPmpExternalAddressRequest());

        Assert.That(bytes, Is.EqualTo(new byte[] { 0, 0 }));
        Assert.That(NatPmpCodec.ReadRequest(bytes).Request, Is.InstanceOf<NatPmpExternalAddressRequest>());
    }

    [Test]
    public void Responses_RoundTrip()
    {
        NatPmpResponse[] responses =
        [
            new NatPmpExternalAddressResponse(NatPmpResultCode.Success, 1234, IPAddress.Parse("127.0.4.7")),
            new NatPmpMapResponse(NatPmpResultCode.Success, 99, MappingProtocol.Udp, 3074, 43074, 3600),
            new NatPmpMapResponse(NatPmpResultCode.OutOfResources, 5, MappingProtocol.Tcp, 22, 0, 0),
        ];

        foreach (var response in responses)
        {
            Assert.That(NatPmpCodec.TryReadResponse(NatPmpCodec.Write(response), out var read, out var why), Is.True, why);
            Assert.That(read, Is.EqualTo(response));
        }
    }

    [Test]
    public void ExternalAddressResponse_HasTheOpcode128AndTheAddressLast()
    {
        var bytes = NatPmpCodec.Write(new NatPmpExternalAddressResponse(NatPmpResultCode.Success, 0x01020304, IPAddress.Parse("127.0.113.9")));

        Assert.That(bytes, Is.EqualTo(new byte[] { 0, 128, 0, 0, 1, 2, 3, 4, 127, 0, 113, 9 }));
    }

    [Test]
    public void ReadRequest_AResponseSentToTheGateway_IsIgnored()
    {
        Assert.That(NatPmpCodec.ReadRequest([0, 129, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]).Outcome, Is.EqualTo(NatPmpReadOutcome.Ignore));
    }

    [TestCase(new byte[] { })]
    [TestCase(new byte[] { 0 })]
    [TestCase(new byte[] { 0, 1, 0, 0, 0x1f })]
    public void ReadRequest_TooShortForItsOpcode_IsIgnored(byte[] datagram)
    {
        var read = NatPmpCodec.ReadRequest(datagram);

        Assert.That(read.Outcome, Is.EqualTo(NatPmpReadOutcome.Ignore));
        Assert.That(read.Why, Is.Not.Empty);
    }

    [Test]
    public void ReadRequest_WrongVersion_IsAnsweredWithTheEightByteUnsupportedVersion()
    {
        byte[] request = [1, 0];

        var read = NatPmpCodec.ReadRequest(request);
        var answer = NatPmpCodec.RefusalOf(request, read.Outcome, 77);

        Assert.That(read.Outcome, Is.EqualTo(NatPmpReadOutcome.UnsupportedVersion));
        Assert.That(answer, Is.EqualTo(new byte[] { 0, 128, 0, 1, 0, 0, 0, 77 }));
        Assert.That(NatPmpCodec.TryReadResponse(answer, out var response, out _), Is.True);
        Assert.That(response!.Result, Is.EqualTo(NatPmpResultCode.UnsupportedVersion));
    }

    [Test]
    public void ReadRequest_UnknownOpcode_IsEchoedWithTheResponseBitAndResult5()
    {
        byte[] request = [0, 9, 0, 0, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff];

        var read = NatPmpCodec.ReadRequest(request);
        var answer = NatPmpCodec.RefusalOf(request, read.Outcome, 3);

        Assert.That(read.Outcome, Is.EqualTo(NatPmpReadOutcome.UnsupportedOpcode));
        Assert.That(answer, Is.EqualTo(new byte[] { 0, 137, 0, 5, 0, 0, 0, 3, 0xee, 0xff }));
    }

    [TestCase(new byte[] { 0, 128, 0, 0 }, TestName = "TryReadResponse_ShorterThanAnyResponse_IsRefused")]
    [TestCase(new byte[] { 2, 128, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4 }, TestName = "TryReadResponse_PcpVersion_IsRefused")]
    [TestCase(new byte[] { 0, 1, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4 }, TestName = "TryReadResponse_ARequest_IsRefused")]
    [TestCase(new byte[] { 0, 129, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4 }, TestName = "TryReadResponse_SuccessfulMapCutShort_IsRefused")]
    public void TryReadResponse_NotAResponse_IsRefusedWithAReason(byte[] datagram)
    {
        Assert.That(NatPmpCodec.TryReadResponse(datagram, out var response, out var why), Is.False);
        Assert.That(response, Is.Null);
        Assert.That(why, Is.Not.Empty);
    }
}
