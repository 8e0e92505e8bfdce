using System.Net;
using IgdLab.Igd.Mapping;

namespace IgdLab.Igd.Tests.Forwarding;

public sealed partial class ForwardingPlaneTests
{
    [Test]
    public async Task Counters_TcpRoundTrip_CountBytesPacketsAndActivity()
    {
        var plane = CreatePlane();
        var server = StartTcpServer();
        var port = FreePort(MappingProtocol.Tcp);
        var mapping = Mapping(port, server.EndPoint);
        plane.OnAdded(mapping);
        var untouched = plane.LastActivity(mapping.Key);
        _time.Advance(TimeSpan.FromMinutes(5));
        var text = new string('x', 1000);

        await EchoThroughAsync(port, text);
        var settled = await Poll.UntilAsync(() => plane.BytesSent == 1000 && plane.ActiveConnections == 0);

        Assert.Multiple(() =>
        {
            Assert.That(settled, Is.True);
            Assert.That(plane.BytesReceived, Is.EqualTo(1000));
            Assert.That(plane.PacketsReceived, Is.InRange(1, 1000));
            Assert.That(plane.PacketsSent, Is.InRange(1, 1000));
            Assert.That(untouched, Is.Null);
            Assert.That(plane.LastActivity(mapping.Key), Is.EqualTo(_time.GetUtcNow()));
            Assert.That(plane.ActivityCount(mapping.Key), Is.GreaterThanOrEqualTo(3), "connection, request, reply");
        });
    }

    [Test]
    public async Task Counters_UdpRoundTrips_CountEachDatagram()
    {
        var plane = CreatePlane();
        var server = StartUdpServer();
        var port = FreePort(MappingProtocol.Udp);
        var mapping = Mapping(port, server.EndPoint, MappingProtocol.Udp);
        plane.OnAdded(mapping);
        var client = UdpClient();

        await UdpRoundTripAsync(client, new IPEndPoint(_wan, port), "12345");
        await UdpRoundTripAsync(client, new IPEndPoint(_wan, port), "123");
        var settled = await Poll.UntilAsync(() => plane.ActivityCount(mapping.Key) == 4);

        Assert.Multiple(() =>
        {
            Assert.That(settled, Is.True, "the reply's counting may trail its delivery");
            Assert.That(plane.BytesReceived, Is.EqualTo(8));
            Assert.That(plane.BytesSent, Is.EqualTo(8));
            Assert.That(plane.PacketsReceived, Is.EqualTo(2));
            Assert.That(plane.PacketsSent, Is.EqualTo(2));
            Assert.That(plane.ActivityCount(mapping.Key), Is.EqualTo(4));
        });
    }

    [Test]
    public async Task LastActivity_LaterTraffic_MovesForwardAndIdleMappingsStayBehind()
    {
        var plane = CreatePlane();
        var server = StartTcpServer();
        var busyPort = FreePort(MappingProtocol.Tcp);
        var idlePort = FreePort(MappingProtocol.Tcp);
        var busy = Mapping(busyPort, server.EndPoint);
        var idle = Mapping(idlePort, server.EndPoint);
        plane.OnAdded(busy);
        plane.OnAdded(idle);
        await EchoThroughAsync(idlePort, "once");
        var sweep = _time.GetUtcNow();

        _time.Advance(TimeSpan.FromMinutes(10));
        await EchoThroughAsync(busyPort, "again");

        Assert.That(plane.LastActivity(busy.Key), Is.GreaterThan(sweep));
        Assert.That(plane.LastActivity(idle.Key), Is.LessThanOrEqualTo(sweep));
    }

    [Test]
    public async Task OnRemoved_Mapping_ForgetsItsActivity()
    {
        var plane = CreatePlane();
        var server = StartTcpServer();
        var port = FreePort(MappingProtocol.Tcp);
        var mapping = Mapping(port, server.EndPoint);
        plane.OnAdded(mapping);
        await EchoThroughAsync(port, "traffic");

        plane.OnRemoved(mapping, Events.RemovalReason.Deleted);

        Assert.That(plane.LastActivity(mapping.Key), Is.Null);
        Assert.That(plane.ActivityCount(mapping.Key), Is.Zero);
    }
}
