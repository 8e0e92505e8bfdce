using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using CsCheck;
using IgdLab.Igd.Faults;
using IgdLab.Igd.Profiles;
using IgdLab.Protocols.NatPmp;
using IgdLab.Protocols.Pcp;
using IgdLab.TestUtilities;

namespace IgdLab.Igd.Tests.PortControl;

/// <summary>The router's NAT-PMP and PCP server over real UDP on loopback, against the one mapping table and the faults.</summary>
public sealed class PortControlServerTests
{
    private static readonly Random NonceSource = new(11);

    private static RouterProfile With(Func<PortControlPolicy, PortControlPolicy> change) =>
        RouterProfileCatalog.Standard with { PortControl = change(RouterProfileCatalog.Standard.PortControl) };

    private static PcpNonce NewNonce()
    {
        lock (NonceSource)
        {
            return PcpNonce.Next(NonceSource);
        }
    }

    private static PortControlClient ClientOf(GatewayFixture fixture, IPAddress? address = null) =>
        new(address ?? fixture.Client, fixture.Gateway.PortControlEndPoint!);

    [Test]
    public async Task NatPmp_ExternalAddress_ReportsTheWanAddressAndSecondsSinceStart()
    {
        await using var fixture = await GatewayFixture.StartAsync();
        using var client = ClientOf(fixture);
        fixture.Time.Advance(TimeSpan.FromSeconds(42));

        var response = (NatPmpExternalAddressResponse)await client.NatPmpAsync(new NatPmpExternalAddressRequest());

        Assert.Multiple(() =>
        {
            Assert.That(response.Result, Is.EqualTo(NatPmpResultCode.Success));
            Assert.That(response.EpochSeconds, Is.EqualTo(42));
            Assert.That(response.ExternalAddress, Is.EqualTo(fixture.Gateway.WanAddress));
        });
    }

    [Test]
    public async Task NatPmp_Map_IsListedWithItsOrigin_AndLifetimeZeroDeletesIt()
    {
        await using var fixture = await GatewayFixture.StartAsync();
        using var client = ClientOf(fixture);

        var mapped = (NatPmpMapResponse)await client.NatPmpAsync(new NatPmpMapRequest(MappingProtocol.Tcp, 8080, 18080, 3600));
        var listed = fixture.Gateway.Mappings.Single();
        var upnp = await fixture.CallAsync("GetGenericPortMappingEntry", ("NewPortMappingIndex", 0));

        Assert.Multiple(() =>
        {
            Assert.That(mapped.Result, Is.EqualTo(NatPmpResultCode.Success));
            Assert.That(mapped.ExternalPort, Is.EqualTo(18080));
            Assert.That(mapped.LifetimeSeconds, Is.EqualTo(3600));
            Assert.That(listed.Origin, Is.EqualTo(MappingOrigin.NatPmp));
            Assert.That(listed.InternalClient, Is.EqualTo(client.Address));
            Assert.That(listed.InternalPort, Is.EqualTo(8080));
            Assert.That(upnp.Values["NewExternalPort"], Is.EqualTo("18080"), "UPnP lists the NAT-PMP mapping");
        });

        var deleted = (NatPmpMapResponse)await client.NatPmpAsync(new NatPmpMapRequest(MappingProtocol.Tcp, 8080, 0, 0));
        Assert.Multiple(() =>
        {
            Assert.That(deleted.Result, Is.EqualTo(NatPmpResultCode.Success));
            Assert.That(deleted.LifetimeSeconds, Is.Zero);
            Assert.That(fixture.Gateway.Mappings, Is.Empty);
        });
    }

    [TestCase(10u, 120u)]
    [TestCase(7200u, 7200u)]
    [TestCase(1_000_000u, 86400u)]
    public async Task NatPmp_Lifetime_IsCappedByTheProfile(uint requested, uint granted)
    {
        await using var fixture = await GatewayFixture.StartAsync();
        using var client = ClientOf(fixture);

        var mapped = (NatPmpMapResponse)await client.NatPmpAsync(new NatPmpMapRequest(MappingProtocol.Udp, 9000, 9000, requested));

        Assert.That(mapped.LifetimeSeconds, Is.EqualTo(granted));
        Assert.That(fixture.Gateway.Mappings.Single().LeaseSeconds, Is.EqualTo(granted));
    }

    [Test]
    public async Task NatPmp_UnknownOpcodeAndVersion_AreAnsweredWithTheirResultCodes()
    {
        await using var fixture = await GatewayFixture.StartAsync(With(p => p with { Pcp = false }));
        using var client = ClientOf(fixture);

        var opcode = await client.ExchangeAsync([0, 9, 0, 0]);
        var version = await client.ExchangeAsync([1, 0]);

        Assert.Multiple(() =>
        {
            Assert.That(BinaryPrimitives.ReadUInt16BigEndian(opcode.AsSpan(2)), Is.EqualTo((ushort)NatPmpResultCode.UnsupportedOpcode));
            Assert.That(opcode![1], Is.EqualTo(128 + 9));
            Assert.That(BinaryPrimitives.ReadUInt16BigEndian(version.AsSpan(2)), Is.EqualTo((ushort)NatPmpResultCode.UnsupportedVersion));
            Assert.That(fixture.Gateway.RefusedPortControlRequests, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Pcp_Map_SharesTheTableWithUpnp_AndDropAllMappingsRemovesIt()
    {
        await using var fixture = await GatewayFixture.StartAsync();
        using var client = ClientOf(fixture);
        var nonce = NewNonce();

        var response = await client.MapAsync(nonce, 7000, suggestedPort: 17000);
        var listed = fixture.Gateway.Mappings.Single();

        Assert.Multiple(() =>
        {
            Assert.That(response.Result, Is.EqualTo(PcpResultCode.Success));
            Assert.That(response.Mapping!.ExternalPort, Is.EqualTo(17000));
            Assert.That(response.Mapping.ExternalAddress, Is.EqualTo(fixture.Gateway.WanAddress));
            Assert.That(response.Mapping.Nonce, Is.EqualTo(nonce));
            Assert.That(listed.Origin, Is.EqualTo(MappingOrigin.Pcp));
            Assert.That(listed.Nonce, Is.EqualTo(nonce));
        });

        await fixture.Gateway.ApplyFaultAsync(new DropAllMappings());
        Assert.That(fixture.Gateway.Mappings, Is.Empty);
    }

    [Test]
    public async Task Pcp_OnlyTheNonceThatMadeAMappingRenewsOrDeletesIt()
    {
        await using var fixture = await GatewayFixture.StartAsync();
        using var client = ClientOf(fixture);
        var owner = NewNonce();
        await client.MapAsync(owner, 7001, suggestedPort: 17001);

        var renewByOther = await client.MapAsync(NewNonce(), 7001, suggestedPort: 17001);
        var deleteByOther = await client.MapAsync(NewNonce(), 7001, lifetime: 0);
        var stillThere = fixture.Gateway.Mappings.Count;
        var deleteByOwner = await client.MapAsync(owner, 7001, lifetime: 0);

        Assert.Multiple(() =>
        {
            Assert.That(renewByOther.Result, Is.EqualTo(PcpResultCode.NotAuthorized));
            Assert.That(deleteByOther.Result, Is.EqualTo(PcpResultCode.NotAuthorized));
            Assert.That(stillThere, Is.EqualTo(1));
            Assert.That(deleteByOwner.Result, Is.EqualTo(PcpResultCode.Success));
            Assert.That(deleteByOwner.LifetimeSeconds, Is.Zero);
            Assert.That(fixture.Gateway.Mappings, Is.Empty);
        });
    }

    [Test]
    public async Task Pcp_ClientAddressOtherThanTheSource_IsAnAddressMismatch()
    {
        await using var fixture = await GatewayFixture.StartAsync();
        using var client = ClientOf(fixture);

        var response = await client.PcpAsync(new PcpRequest(PcpOpcode.Map, 3600, IPAddress.Parse("127.254.0.7"))
        {
            Mapping = new PcpMapping(NewNonce(), PcpProtocolNumbers.Tcp, 7002, 0, IPAddress.IPv6Any),
        });

        Assert.That(response.Result, Is.EqualTo(PcpResultCode.AddressMismatch));
        Assert.That(fixture.Gateway.Mappings, Is.Empty);
    }

    [Test]
    public async Task Pcp_ThirdParty_IsRefusedUnlessTheProfileAllowsIt()
    {
        var other = LoopbackAddresses.Next();
        await using var refusing = await GatewayFixture.StartAsync();
        await using var allowing = await GatewayFixture.StartAsync(With(p => p with { ThirdParty = true }));
        using var refused = ClientOf(refusing);
        using var allowed = ClientOf(allowing);

        var no = await refused.MapAsync(NewNonce(), 7003, options: PcpOption.ThirdParty(other));
        var yes = await allowed.MapAsync(NewNonce(), 7003, options: PcpOption.ThirdParty(other));

        Assert.Multiple(() =>
        {
            Assert.That(no.Result, Is.EqualTo(PcpResultCode.NotAuthorized));
            Assert.That(yes.Result, Is.EqualTo(PcpResultCode.Success));
            Assert.That(allowing.Gateway.Mappings.Single().InternalClient, Is.EqualTo(other));
        });
    }

    [Test]
    public async Task Pcp_UnknownMandatoryOption_IsUnsupported_AndAnUnknownOptionalOneIsIgnored()
    {
        await using var fixture = await GatewayFixture.StartAsync();
        using var client = ClientOf(fixture);

        var mandatory = await client.MapAsync(NewNonce(), 7004, options: new PcpOption(99, [1, 2, 3, 4]));
        var optional = await client.MapAsync(NewNonce(), 7005, options: new PcpOption(200, [1, 2, 3, 4]));

        Assert.That(mandatory.Result, Is.EqualTo(PcpResultCode.UnsuppOption));
        Assert.That(optional.Result, Is.EqualTo(PcpResultCode.Success));
    }

    [Test]
    public async Task Pcp_SuggestedPortTaken_GivesAnotherPort_OrCannotProvideExternalWithPreferFailure()
    {
        await using var fixture = await GatewayFixture.StartAsync();
        using var holder = ClientOf(fixture);
        using var client = ClientOf(fixture, LoopbackAddresses.Next());
        await holder.MapAsync(NewNonce(), 7006, suggestedPort: 17006);

        var strict = await client.MapAsync(NewNonce(), 7006, suggestedPort: 17006, options: PcpOption.PreferFailure());
        var flexible = await client.MapAsync(NewNonce(), 7007, suggestedPort: 17006);

        Assert.Multiple(() =>
        {
            Assert.That(strict.Result, Is.EqualTo(PcpResultCode.CannotProvideExternal));
            Assert.That(strict.LifetimeSeconds, Is.EqualTo(PcpCodec.ShortErrorLifetimeSeconds));
            Assert.That(flexible.Result, Is.EqualTo(PcpResultCode.Success));
            Assert.That(flexible.Mapping!.ExternalPort, Is.Not.EqualTo(17006));
        });
    }

    [Test]
    public async Task Pcp_SuggestedForeignExternalAddress_WithPreferFailure_CannotBeProvided()
    {
        await using var fixture = await GatewayFixture.StartAsync();
        using var client = ClientOf(fixture);

        var response = await client.PcpAsync(new PcpRequest(PcpOpcode.Map, 3600, client.Address)
        {
            Mapping = new PcpMapping(NewNonce(), PcpProtocolNumbers.Udp, 7008, 17008, IPAddress.Parse("127.254.0.9")),
            Options = [PcpOption.PreferFailure()],
        });

        Assert.That(response.Result, Is.EqualTo(PcpResultCode.CannotProvideExternal));
    }

    [Test]
    public async Task Pcp_FullTable_IsNoResources()
    {
        await using var fixture = await GatewayFixture.StartAsync(RouterProfileCatalog.Standard with { MaxMappings = 1 });
        using var client = ClientOf(fixture);
        await client.MapAsync(NewNonce(), 7009);

        var response = await client.MapAsync(NewNonce(), 7010);

        Assert.That(response.Result, Is.EqualTo(PcpResultCode.NoResources));
    }

    [Test]
    public async Task Pcp_Peer_IsAnsweredOrRefusedAsTheProfileSays()
    {
        await using var answering = await GatewayFixture.StartAsync();
        await using var refusing = await GatewayFixture.StartAsync(With(p => p with { Peer = false }));
        using var a = ClientOf(answering);
        using var r = ClientOf(refusing);
        PcpRequest Peer(IPAddress client) => new(PcpOpcode.Peer, 600, client)
        {
            Mapping = new PcpMapping(NewNonce(), PcpProtocolNumbers.Tcp, 7011, 0, IPAddress.IPv6Any),
            RemotePeer = new IPEndPoint(IPAddress.Parse("127.254.0.5"), 443),
        };

        var answered = await a.PcpAsync(Peer(a.Address));
        var refused = await r.PcpAsync(Peer(r.Address));

        Assert.Multiple(() =>
        {
            Assert.That(answered.Result, Is.EqualTo(PcpResultCode.Success));
            Assert.That(answered.RemotePeer, Is.EqualTo(new IPEndPoint(IPAddress.Parse("127.254.0.5"), 443)));
            Assert.That(refused.Result, Is.EqualTo(PcpResultCode.UnsuppOpcode));
        });
    }

    [Test]
    public async Task Epoch_RestartsOnRebootAndWanChange_UnlessTheProfileHasEpochNotReset()
    {
        await using var resetting = await GatewayFixture.StartAsync();
        await using var quirky = await GatewayFixture.StartAsync(RouterProfileCatalog.Resolve("miniupnpd-epoch-not-reset"));
        using var r = ClientOf(resetting);
        using var q = ClientOf(quirky);
        resetting.Time.Advance(TimeSpan.FromSeconds(100));
        quirky.Time.Advance(TimeSpan.FromSeconds(100));
        async Task<uint> EpochAsync(PortControlClient client) => (await client.PcpAsync(new PcpRequest(PcpOpcode.Announce, 0, client.Address))).EpochSeconds;

        var before = await EpochAsync(r);
        await resetting.Gateway.ApplyFaultAsync(new Reboot());
        var afterReboot = await EpochAsync(r);
        resetting.Time.Advance(TimeSpan.FromSeconds(30));
        await resetting.Gateway.ApplyFaultAsync(new ChangeWanIp());
        var afterWanChange = await EpochAsync(r);
        await quirky.Gateway.ApplyFaultAsync(new Reboot());
        var quirkyAfterReboot = await EpochAsync(q);

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.EqualTo(100));
            Assert.That(afterReboot, Is.Zero);
            Assert.That(afterWanChange, Is.Zero);
            Assert.That(quirkyAfterReboot, Is.EqualTo(100), "epoch-not-reset: the epoch goes on across the reboot");
            Assert.That(quirky.Gateway.Mappings, Is.Empty);
        });
    }

    [Test]
    public async Task WanChange_IsAnnouncedToEachRecentClient_InItsOwnProtocol()
    {
        await using var fixture = await GatewayFixture.StartAsync();
        using var pcpClient = ClientOf(fixture);
        using var natPmpClient = ClientOf(fixture, LoopbackAddresses.Next());
        using var pcpListener = Listen(pcpClient.Address);
        using var natPmpListener = Listen(natPmpClient.Address);
        await pcpClient.MapAsync(NewNonce(), 7012);
        await natPmpClient.NatPmpAsync(new NatPmpMapRequest(MappingProtocol.Udp, 7013, 0, 3600));
        fixture.Time.Advance(TimeSpan.FromSeconds(50));

        var next = await fixture.Gateway.ApplyFaultAsync(new ChangeWanIp());
        var pcpAnnouncement = await PortControlClient.ReceiveAsync(pcpListener, TimeSpan.FromSeconds(5));
        var natPmpAnnouncement = await PortControlClient.ReceiveAsync(natPmpListener, TimeSpan.FromSeconds(5));

        Assert.That(next.Applied, Is.True);
        Assert.That(PcpCodec.TryReadResponse(pcpAnnouncement, out var announce, out _), Is.True);
        Assert.That(NatPmpCodec.TryReadResponse(natPmpAnnouncement, out var address, out _), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(announce!.Opcode, Is.EqualTo(PcpOpcode.Announce));
            Assert.That(announce.EpochSeconds, Is.Zero);
            Assert.That(((NatPmpExternalAddressResponse)address!).ExternalAddress, Is.EqualTo(fixture.Gateway.WanAddress));
            Assert.That(address.EpochSeconds, Is.Zero);
        });
    }

    [Test]
    public async Task DropAnnouncements_LeavesAWanChangeUnannounced_UntilRestored()
    {
        var addresses = new Queue<IPAddress>([LoopbackAddresses.Next(), LoopbackAddresses.Next()]);
        await using var fixture = await GatewayFixture.StartAsync(configure: o => o.NextWanAddress = _ => addresses.Dequeue());
        using var client = ClientOf(fixture);
        using var listener = Listen(client.Address);
        await client.NatPmpAsync(new NatPmpExternalAddressRequest());

        await fixture.Gateway.ApplyFaultAsync(new DropAnnouncements());
        await fixture.Gateway.ApplyFaultAsync(new ChangeWanIp());
        var unannounced = fixture.Gateway.WanAddress;
        await fixture.Gateway.ApplyFaultAsync(new RestoreAnnouncements());
        await fixture.Gateway.ApplyFaultAsync(new ChangeWanIp());
        var first = await PortControlClient.ReceiveAsync(listener, TimeSpan.FromSeconds(5));

        Assert.That(NatPmpCodec.TryReadResponse(first, out var announcement, out _), Is.True);
        Assert.That(((NatPmpExternalAddressResponse)announcement!).ExternalAddress, Is.EqualTo(fixture.Gateway.WanAddress).And.Not.EqualTo(unannounced));
    }

    [Test]
    public async Task DisablePcp_AnswersPcpWithNatPmpsUnsupportedVersion_AndBothOffIsSilence()
    {
        await using var fixture = await GatewayFixture.StartAsync();
        using var client = ClientOf(fixture);
        var announce = PcpCodec.Write(new PcpRequest(PcpOpcode.Announce, 0, client.Address));

        await fixture.Gateway.ApplyFaultAsync(new DisablePcp());
        var natPmpAnswer = await client.ExchangeAsync(announce);
        await fixture.Gateway.ApplyFaultAsync(new DisableNatPmp());
        var dropped = fixture.Gateway.DroppedPortControlDatagrams;
        await client.SendAsync(NatPmpCodec.Write(new NatPmpExternalAddressRequest()));
        await Eventually.HoldsAsync(() => fixture.Gateway.DroppedPortControlDatagrams == dropped + 1, "the NAT-PMP request was read and dropped");
        await fixture.Gateway.ApplyFaultAsync(new EnablePcp());

        // Had the NAT-PMP request been answered, that answer would be read first.
        var next = await client.ExchangeAsync(announce);

        Assert.Multiple(() =>
        {
            Assert.That(natPmpAnswer, Has.Length.EqualTo(8));
            Assert.That(natPmpAnswer![0], Is.Zero, "a NAT-PMP answer");
            Assert.That(BinaryPrimitives.ReadUInt16BigEndian(natPmpAnswer.AsSpan(2)), Is.EqualTo((ushort)NatPmpResultCode.UnsupportedVersion));
            Assert.That(PcpCodec.TryReadResponse(next, out var response, out _) && response!.Opcode == PcpOpcode.Announce, Is.True);
        });
    }

    [Test]
    public async Task HostileDatagrams_AreRefusedOrDropped_AndTheServerKeepsServing()
    {
        await using var fixture = await GatewayFixture.StartAsync();
        using var client = ClientOf(fixture);
        using var flooder = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        flooder.Bind(new IPEndPoint(LoopbackAddresses.Next(), 0));
        var server = fixture.Gateway.PortControlEndPoint!;
        var oversized = new byte[1500];
        oversized[0] = PcpCodec.Version;
        oversized[1] = (byte)PcpOpcode.Map;

        var malformed = await client.ExchangeAsync(oversized);
        var flood = 0;
        var valid = PcpCodec.Write(new PcpRequest(PcpOpcode.Map, 3600, client.Address)
        {
            Mapping = new PcpMapping(NewNonce(), PcpProtocolNumbers.Tcp, 7015, 0, IPAddress.IPv6Any),
        });
        var mutated = Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Byte, Gen.Int[-8, 8]).Select((at, value, resize) =>
        {
            var bytes = (byte[])valid.Clone();
            bytes[at] = value;
            Array.Resize(ref bytes, bytes.Length + resize);
            return bytes;
        });
        var synced = 0;
        for (var batch = 0; batch < 10; batch++)
        {
            Gen.OneOf(Gen.Byte.Array[0, 1200], mutated).Sample(datagram =>
            {
                flooder.SendTo(datagram, server);
                flood++;
            }, iter: 50, threads: 1);

            // Datagrams are served in order: once this is answered, the batch has been read (and none overflowed the socket).
            await client.PcpAsync(new PcpRequest(PcpOpcode.Announce, 0, client.Address));
            synced++;
        }

        var still = await client.MapAsync(NewNonce(), 7014);

        Assert.Multiple(() =>
        {
            Assert.That(PcpCodec.TryReadResponse(malformed, out var response, out _) && response!.Result == PcpResultCode.MalformedRequest, Is.True);
            Assert.That(still.Result, Is.EqualTo(PcpResultCode.Success));
            Assert.That(fixture.Gateway.PortControlDatagrams, Is.EqualTo(flood + synced + 2), "every datagram was read");
            Assert.That(fixture.Gateway.DroppedPortControlDatagrams, Is.Positive);
            Assert.That(fixture.Gateway.RefusedPortControlRequests, Is.Positive);
        });
    }

    private static Socket Listen(IPAddress address)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(address, PortControlWire.AnnouncePort));
        return socket;
    }
}
