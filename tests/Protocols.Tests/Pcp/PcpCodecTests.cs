using System.Buffers.Binary;
using System.Net;
using IgdLab.Protocols.Pcp;

namespace IgdLab.Protocols.Tests.Pcp;

public sealed class PcpCodecTests
{
    private static readonly IPAddress Client = IPAddress.Parse("127.0.1.20");
    private static readonly PcpNonce Nonce = new(0x0102030405060708, 0x090a0b0c);

    private static PcpRequest Map(uint lifetime = 7200, params PcpOption[] options) =>
        new(PcpOpcode.Map, lifetime, Client)
        {
            Mapping = new PcpMapping(Nonce, PcpProtocolNumbers.Tcp, 8080, 18080, IPAddress.Any),
            Options = options,
        };

    [Test]
    public void MapRequest_HasTheRfcLayout_AndReadsBack()
    {
        var request = Map();

        var bytes = PcpCodec.Write(request);

        Assert.That(bytes, Has.Length.EqualTo(60));
        Assert.That(bytes[..4], Is.EqualTo(new byte[] { 2, 1, 0, 0 }));
        Assert.That(BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(4)), Is.EqualTo(7200));
        Assert.That(bytes[8..24], Is.EqualTo(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 1, 20 }), "IPv4-mapped client address");
        Assert.That(bytes[24..36], Is.EqualTo(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 }), "the nonce");
        Assert.That(bytes[36], Is.EqualTo(6), "TCP");
        Assert.That(bytes[52..60], Is.EqualTo(new byte[] { 0, 0, 0xff, 0xff, 0, 0, 0, 0 }), "no suggested address: ::ffff:0.0.0.0");
        var read = PcpCodec.ReadRequest(bytes);
        Assert.That(read.Request, Is.EqualTo(request).Using<PcpRequest>(SameRequest));
    }

    [Test]
    public void PeerRequest_WithThirdParty_ReadsBack()
    {
        var request = new PcpRequest(PcpOpcode.Peer, 600, Client)
        {
            Mapping = new PcpMapping(Nonce, PcpProtocolNumbers.Udp, 3074, 0, IPAddress.Any),
            RemotePeer = new IPEndPoint(IPAddress.Parse("127.0.2.1"), 443),
            Options = [PcpOption.ThirdParty(IPAddress.Parse("127.0.1.30"))],
        };

        var bytes = PcpCodec.Write(request);
        var read = PcpCodec.ReadRequest(bytes);

        Assert.That(bytes, Has.Length.EqualTo(24 + 56 + 20));
        Assert.That(read.Request, Is.EqualTo(request).Using<PcpRequest>(SameRequest));
    }

    [Test]
    public void Response_RoundTrips_WithEpochAndAssignedMapping()
    {
        var response = new PcpResponse(PcpOpcode.Map, PcpResultCode.Success, 3600, 42)
        {
            Mapping = new PcpMapping(Nonce, PcpProtocolNumbers.Tcp, 8080, 40000, IPAddress.Parse("127.0.3.5")),
        };

        var bytes = PcpCodec.Write(response);

        Assert.That(bytes[..4], Is.EqualTo(new byte[] { 2, 0x81, 0, 0 }));
        Assert.That(PcpCodec.TryReadResponse(bytes, out var read, out var why), Is.True, why);
        Assert.That(read!.EpochSeconds, Is.EqualTo(42));
        Assert.That(read.Mapping, Is.EqualTo(response.Mapping));
    }

    [Test]
    public void Announce_IsAHeaderOnly()
    {
        var bytes = PcpCodec.Write(new PcpResponse(PcpOpcode.Announce, PcpResultCode.Success, 0, 0));

        Assert.That(bytes, Has.Length.EqualTo(24));
        Assert.That(PcpCodec.TryReadResponse(bytes, out var read, out _), Is.True);
        Assert.That(read!.Opcode, Is.EqualTo(PcpOpcode.Announce));
    }

    [TestCase(new byte[] { 2 }, TestName = "ReadRequest_OneByte_IsDroppedSilently")]
    [TestCase(new byte[] { 2, 0x81, 0, 0 }, TestName = "ReadRequest_RBitSet_IsDroppedSilently")]
    public void ReadRequest_Dropped(byte[] datagram)
    {
        var read = PcpCodec.ReadRequest(datagram);

        Assert.That(read.IsDropped, Is.True);
        Assert.That(read.Why, Is.Not.Empty);
    }

    [Test]
    public void ReadRequest_WrongVersion_IsRefusedUnsuppVersion_WithAFullHeaderAnswer()
    {
        byte[] request = [1, 1];

        var read = PcpCodec.ReadRequest(request);
        var answer = PcpCodec.RefusalOf(request, read.Refusal!.Value, 9);

        Assert.That(read.Refusal, Is.EqualTo(PcpResultCode.UnsuppVersion));
        Assert.That(answer, Has.Length.EqualTo(24));
        Assert.That(PcpCodec.TryReadResponse(answer, out var response, out _), Is.True);
        Assert.That(response!.Result, Is.EqualTo(PcpResultCode.UnsuppVersion));
        Assert.That(response.LifetimeSeconds, Is.EqualTo(PcpCodec.LongErrorLifetimeSeconds));
        Assert.That(response.EpochSeconds, Is.EqualTo(9));
    }

    [Test]
    public void ReadRequest_NotAMultipleOfFour_IsMalformed()
    {
        var bytes = PcpCodec.Write(Map());

        Assert.That(PcpCodec.ReadRequest(bytes.AsSpan(0, 58)).Refusal, Is.EqualTo(PcpResultCode.MalformedRequest));
    }

    [Test]
    public void ReadRequest_LongerThan1100Bytes_IsMalformed()
    {
        var bytes = new byte[1104];
        PcpCodec.Write(Map()).CopyTo(bytes, 0);
        bytes[60] = 200; // an optional option whose length fills the rest
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(62), 1104 - 64);

        Assert.That(PcpCodec.ReadRequest(bytes).Refusal, Is.EqualTo(PcpResultCode.MalformedRequest));
    }

    [Test]
    public void ReadRequest_MapBodyCutShort_IsMalformed()
    {
        var bytes = PcpCodec.Write(Map());

        Assert.That(PcpCodec.ReadRequest(bytes.AsSpan(0, 48)).Refusal, Is.EqualTo(PcpResultCode.MalformedRequest));
    }

    [Test]
    public void ReadRequest_UnknownOpcode_IsUnsuppOpcode_AndTheAnswerCopiesTheRequest()
    {
        var bytes = PcpCodec.Write(Map());
        bytes[1] = 9;

        var read = PcpCodec.ReadRequest(bytes);
        var answer = PcpCodec.RefusalOf(bytes, read.Refusal!.Value, 1);

        Assert.That(read.Refusal, Is.EqualTo(PcpResultCode.UnsuppOpcode));
        Assert.That(answer[1], Is.EqualTo(0x89));
        Assert.That(answer[24..], Is.EqualTo(bytes[24..]), "the body is copied");
        Assert.That(answer[12..24], Is.All.EqualTo(0), "the reserved field replaces the client address");
    }

    [Test]
    public void ReadRequest_UnknownMandatoryOption_IsUnsuppOption_ButAnUnknownOptionalOneIsKept()
    {
        var mandatory = PcpCodec.ReadRequest(PcpCodec.Write(Map(7200, new PcpOption(99, [1, 2, 3, 4]))));
        var optional = PcpCodec.ReadRequest(PcpCodec.Write(Map(7200, new PcpOption(200, [1, 2]))));

        Assert.That(mandatory.Refusal, Is.EqualTo(PcpResultCode.UnsuppOption));
        Assert.That(optional.Request!.Options.Single().Code, Is.EqualTo(200));
        Assert.That(optional.Request.Options.Single().Data, Is.EqualTo(new byte[] { 1, 2 }), "padding is not data");
    }

    [Test]
    public void ReadRequest_PreferFailureOnPeer_IsUnsuppOption()
    {
        var peer = new PcpRequest(PcpOpcode.Peer, 60, Client)
        {
            Mapping = new PcpMapping(Nonce, PcpProtocolNumbers.Udp, 3074, 0, IPAddress.Any),
            RemotePeer = new IPEndPoint(IPAddress.Loopback, 1),
            Options = [PcpOption.PreferFailure()],
        };

        Assert.That(PcpCodec.ReadRequest(PcpCodec.Write(peer)).Refusal, Is.EqualTo(PcpResultCode.UnsuppOption));
    }

    [Test]
    public void ReadRequest_RepeatedOrWrongLengthOption_IsMalformedOption()
    {
        var twice = PcpCodec.ReadRequest(PcpCodec.Write(Map(7200, PcpOption.PreferFailure(), PcpOption.PreferFailure())));
        var shortThirdParty = PcpCodec.ReadRequest(PcpCodec.Write(Map(7200, new PcpOption(PcpOptionCodes.ThirdParty, [127, 0, 1, 2]))));
        var pastTheEnd = PcpCodec.Write(Map(7200, PcpOption.PreferFailure()));
        BinaryPrimitives.WriteUInt16BigEndian(pastTheEnd.AsSpan(62), 40);

        Assert.That(twice.Refusal, Is.EqualTo(PcpResultCode.MalformedOption));
        Assert.That(shortThirdParty.Refusal, Is.EqualTo(PcpResultCode.MalformedOption));
        Assert.That(PcpCodec.ReadRequest(pastTheEnd).Refusal, Is.EqualTo(PcpResultCode.MalformedOption));
    }

    [Test]
    public void ReadRequest_AllProtocolsWithAPort_IsMalformed()
    {
        var request = Map() with { Mapping = new PcpMapping(Nonce, PcpProtocolNumbers.All, 80, 0, IPAddress.Any) };

        Assert.That(PcpCodec.ReadRequest(PcpCodec.Write(request)).Refusal, Is.EqualTo(PcpResultCode.MalformedRequest));
    }

    [Test]
    public void ErrorLifetimes_ShortForRetryableResults_LongForTheRest()
    {
        Assert.That(PcpCodec.IsShortLived(PcpResultCode.NoResources), Is.True);
        Assert.That(PcpCodec.IsShortLived(PcpResultCode.CannotProvideExternal), Is.True);
        Assert.That(PcpCodec.IsShortLived(PcpResultCode.NotAuthorized), Is.False);
        Assert.That(PcpCodec.IsShortLived(PcpResultCode.AddressMismatch), Is.False);
    }

    [Test]
    public void Nonce_FromASeed_IsTheSameEveryTime()
    {
        var first = PcpNonce.Next(new Random(7));

        Assert.That(PcpNonce.Next(new Random(7)), Is.EqualTo(first));
        Assert.That(PcpNonce.Next(new Random(8)), Is.Not.EqualTo(first));
    }

    private static bool SameRequest(PcpRequest a, PcpRequest b) =>
        a.Opcode == b.Opcode && a.LifetimeSeconds == b.LifetimeSeconds && a.ClientAddress.Equals(b.ClientAddress)
        && Equals(a.Mapping, b.Mapping) && Equals(a.RemotePeer, b.RemotePeer)
        && a.Options.Count == b.Options.Count
        && a.Options.Zip(b.Options).All(p => p.First.Code == p.Second.Code && p.First.Data.SequenceEqual(p.Second.Data));
}
