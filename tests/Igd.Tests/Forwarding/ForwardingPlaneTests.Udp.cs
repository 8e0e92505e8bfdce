using System.Net;
using IgdLab.Igd.Forwarding;
using IgdLab.Igd.Mapping;
using IgdLab.TestUtilities;

namespace IgdLab.Igd.Tests.Forwarding;

public sealed partial class ForwardingPlaneTests
{
    [Test]
    public async Task OnAdded_UdpMapping_RoundTripsDatagram()
    {
        var plane = CreatePlane();
        var server = StartUdpServer();
        var port = FreePort(MappingProtocol.Udp);
        plane.OnAdded(Mapping(port, server.EndPoint, MappingProtocol.Udp));

        var reply = await UdpRoundTripAsync(UdpClient(), new IPEndPoint(_wan, port), "datagram");

        Assert.That(reply, Is.EqualTo("datagram"));
        Assert.That(plane.StateOf(new MappingKey(port, MappingProtocol.Udp)), Is.EqualTo(WanPortState.Forwarding));
    }

    [Test]
    public async Task OnAdded_TwoUdpPeers_GetSeparateSessionsWithTheirOwnAddresses()
    {
        var plane = CreatePlane();
        var server = StartUdpServer();
        var port = FreePort(MappingProtocol.Udp);
        plane.OnAdded(Mapping(port, server.EndPoint, MappingProtocol.Udp));
        var wan = new IPEndPoint(_wan, port);
        var otherPeer = LoopbackAddresses.Next();
        var first = UdpClient();
        var second = UdpClient(otherPeer);

        var replies = new[]
        {
            await UdpRoundTripAsync(first, wan, "first 1"),
            await UdpRoundTripAsync(second, wan, "second 1"),
            await UdpRoundTripAsync(first, wan, "first 2"),
            await UdpRoundTripAsync(second, wan, "second 2"),
        };

        Assert.Multiple(() =>
        {
            Assert.That(replies, Is.EqualTo(new[] { "first 1", "second 1", "first 2", "second 2" }));
            Assert.That(server.Senders.Distinct().Count(), Is.EqualTo(2), "one session socket per peer, reused");
            Assert.That(server.Senders.Select(s => s.Address).Distinct(), Is.EquivalentTo(new[] { _peer, otherPeer }));
            Assert.That(plane.ActiveConnections, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task UdpSession_IdleTimeoutPassed_SessionEndsAndNextDatagramOpensANewOne()
    {
        var plane = CreatePlane(udpIdleTimeout: TimeSpan.FromSeconds(60));
        var server = StartUdpServer();
        var port = FreePort(MappingProtocol.Udp);
        plane.OnAdded(Mapping(port, server.EndPoint, MappingProtocol.Udp));
        var wan = new IPEndPoint(_wan, port);
        var client = UdpClient();
        await UdpRoundTripAsync(client, wan, "before");

        _time.Advance(TimeSpan.FromSeconds(59));
        await Task.Yield();
        var openBeforeTimeout = plane.ActiveConnections;
        _time.Advance(TimeSpan.FromSeconds(2));
        var endedAfterTimeout = await Poll.UntilAsync(() => plane.ActiveConnections == 0);
        await UdpRoundTripAsync(client, wan, "after");

        Assert.Multiple(() =>
        {
            Assert.That(openBeforeTimeout, Is.EqualTo(1));
            Assert.That(endedAfterTimeout, Is.True);
            Assert.That(server.Senders.Distinct().Count(), Is.EqualTo(2), "a fresh session socket after the timeout");
        });
    }

    [Test]
    public async Task UdpSession_TrafficWithinTimeout_KeepsSessionOpen()
    {
        var plane = CreatePlane(udpIdleTimeout: TimeSpan.FromSeconds(60));
        var server = StartUdpServer();
        var port = FreePort(MappingProtocol.Udp);
        plane.OnAdded(Mapping(port, server.EndPoint, MappingProtocol.Udp));
        var wan = new IPEndPoint(_wan, port);
        var client = UdpClient();

        for (var i = 0; i < 4; i++)
        {
            await UdpRoundTripAsync(client, wan, $"keepalive {i}");
            _time.Advance(TimeSpan.FromSeconds(40));
        }

        Assert.That(plane.ActiveConnections, Is.EqualTo(1));
        Assert.That(server.Senders.Distinct().Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task OnUpdated_UdpNewInternalPort_NextDatagramReachesNewTarget()
    {
        var plane = CreatePlane();
        var oldServer = StartUdpServer();
        var newServer = StartUdpServer(LoopbackAddresses.Next());
        var port = FreePort(MappingProtocol.Udp);
        var mapping = Mapping(port, oldServer.EndPoint, MappingProtocol.Udp);
        plane.OnAdded(mapping);
        var wan = new IPEndPoint(_wan, port);
        var client = UdpClient();
        await UdpRoundTripAsync(client, wan, "to old");

        plane.OnUpdated(mapping, mapping with { InternalClient = newServer.EndPoint.Address, InternalPort = newServer.EndPoint.Port });
        await UdpRoundTripAsync(client, wan, "to new");

        Assert.That(oldServer.Senders, Has.Count.EqualTo(1));
        Assert.That(newServer.Senders, Has.Count.EqualTo(1));
    }
}
