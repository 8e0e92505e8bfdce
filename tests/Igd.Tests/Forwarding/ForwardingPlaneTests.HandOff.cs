using System.Net;
using System.Net.Sockets;
using System.Text;
using IgdLab.Contracts.InProcess;
using IgdLab.Igd.Events;
using IgdLab.Igd.Forwarding;
using IgdLab.Igd.Mapping;

namespace IgdLab.Igd.Tests.Forwarding;

/// <summary>
/// Forwarding to a LAN host in the router's own process: the accepted WAN connection is handed to it, and datagrams
/// reach it in memory.
/// </summary>
public sealed partial class ForwardingPlaneTests
{
    [Test]
    public async Task HandOff_HostInThisProcess_ServesTheWanConnectionItself_AndIsCounted()
    {
        var lan = new HandOffHosts();
        var host = new IPEndPoint(_lan, 40001);
        lan.Add(host, EchoUpperAsync);
        var plane = CreatePlane(handOff: lan.Network);
        var port = FreePort(MappingProtocol.Tcp);
        var mapping = Mapping(port, host);
        plane.OnAdded(mapping);

        var answer = await EchoThroughAsync(port, "hello through the router");
        var settled = await Poll.UntilAsync(() => plane.ActiveConnections == 0 && plane.BytesSent == 24);

        Assert.Multiple(() =>
        {
            Assert.That(answer, Is.EqualTo("HELLO THROUGH THE ROUTER"), "no listener exists at the host's endpoint: only the hand-off can answer");
            Assert.That(settled, Is.True);
            Assert.That(lan.Served, Is.EqualTo(1));
            Assert.That(plane.BytesReceived, Is.EqualTo(24));
            Assert.That(plane.ActivityCount(mapping.Key), Is.GreaterThanOrEqualTo(3), "connection, request, reply");
        });
    }

    [Test]
    public async Task HandOff_HostNotInThisProcess_IsRelayedOverLoopbackAsBefore()
    {
        var lan = new HandOffHosts();
        lan.Add(new IPEndPoint(_lan, 40002), EchoUpperAsync);
        var plane = CreatePlane(handOff: lan.Network);
        var server = StartTcpServer();
        var port = FreePort(MappingProtocol.Tcp);
        plane.OnAdded(Mapping(port, server.EndPoint));

        Assert.That(await EchoThroughAsync(port, "relayed"), Is.EqualTo("relayed"));
        Assert.That(lan.Served, Is.Zero);
        Assert.That(server.Callers, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task HandOff_MappingRemovedWhileTheHostHoldsTheConnection_ResetsIt()
    {
        var lan = new HandOffHosts();
        var host = new IPEndPoint(_lan, 40003);
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lan.Add(host, async (stream, token) =>
        {
            holding.TrySetResult();
            await new TaskCompletionSource().Task.WaitAsync(token);
        });
        var plane = CreatePlane(handOff: lan.Network);
        var port = FreePort(MappingProtocol.Tcp);
        var mapping = Mapping(port, host);
        plane.OnAdded(mapping);
        var client = await ConnectAsync(port);
        await holding.Task.WaitAsync(WaitLimit, TimeProvider.System);

        plane.OnRemoved(mapping, RemovalReason.Dropped);

        using var limit = Within(WaitLimit);
        Assert.That(
            async () => await client.ReceiveAsync(new byte[16], SocketFlags.None, limit.Token),
            Throws.TypeOf<SocketException>().With.Property(nameof(SocketException.SocketErrorCode)).EqualTo(SocketError.ConnectionReset));
        Assert.That(await Poll.UntilAsync(() => plane.ActiveConnections == 0), Is.True, "the flow ends with the mapping");
    }

    [Test]
    public async Task HandOff_HostThatThrows_ResetsTheConnection_AndTheNextOneIsServed()
    {
        var lan = new HandOffHosts();
        var host = new IPEndPoint(_lan, 40004);
        var calls = 0;
        lan.Add(host, (stream, token) => Interlocked.Increment(ref calls) == 1 ? throw new InvalidOperationException("broken host") : EchoUpperAsync(stream, token));
        var plane = CreatePlane(handOff: lan.Network);
        var port = FreePort(MappingProtocol.Tcp);
        plane.OnAdded(Mapping(port, host));

        await AssertResetAsync(port);

        Assert.That(await EchoThroughAsync(port, "again"), Is.EqualTo("AGAIN"));
    }

    [Test]
    public async Task HandOff_UdpHostInThisProcess_GetsDatagramsInMemory_AndRepliesLeaveThroughTheWanPort()
    {
        var (lan, _, plane, _, client, wan) = UdpHostBehindThePlane(40005);

        var replies = new[] { await UdpRoundTripAsync(client, wan, "one"), await UdpRoundTripAsync(client, wan, "two") };

        // A reply is counted once its send has completed, which may be just after the peer has read it.
        _ = await Poll.UntilAsync(() => plane.BytesSent == 6);

        Assert.Multiple(() =>
        {
            Assert.That(replies, Is.EqualTo(new[] { "ONE", "TWO" }), "no socket exists at the host's endpoint: only the hand-off can answer");
            Assert.That(lan.Senders, Is.EqualTo(new[] { (IPEndPoint)client.LocalEndPoint!, (IPEndPoint)client.LocalEndPoint! }), "the host sees the outside peer");
            Assert.That(plane.ActiveConnections, Is.EqualTo(1), "one session for the peer");
            Assert.That(plane.BytesReceived, Is.EqualTo(6));
            Assert.That(plane.BytesSent, Is.EqualTo(6));
        });
    }

    [Test]
    public async Task HandOff_UdpHostGoneAndBack_ItsDatagramsAreLostMeanwhile_ThenServedAgainOnTheSameSession()
    {
        var (lan, host, plane, mapping, client, wan) = UdpHostBehindThePlane(40006);
        Assert.That(await UdpRoundTripAsync(client, wan, "up"), Is.EqualTo("UP"));
        var activity = plane.ActivityCount(mapping.Key);

        lan.Network.WithdrawDatagrams(host);
        await client.SendToAsync("lost"u8.ToArray(), wan);
        Assert.That(await Poll.UntilAsync(() => plane.ActivityCount(mapping.Key) > activity), Is.True, "the router took the datagram");
        lan.AddDatagrams(host, UpperDatagramAsync);

        Assert.That(await UdpRoundTripAsync(client, wan, "back"), Is.EqualTo("BACK"), "the datagram sent while the host was gone got no answer");
        Assert.That(lan.Senders, Has.Count.EqualTo(2));
        Assert.That(plane.ActiveConnections, Is.EqualTo(1));
    }

    /// <summary>A UDP host in this process at port <paramref name="hostPort"/>, mapped, and an outside client.</summary>
    private (HandOffHosts Lan, IPEndPoint Host, ForwardingPlane Plane, PortMapping Mapping, Socket Client, IPEndPoint Wan) UdpHostBehindThePlane(int hostPort)
    {
        var lan = new HandOffHosts();
        var host = new IPEndPoint(_lan, hostPort);
        lan.AddDatagrams(host, UpperDatagramAsync);
        var plane = CreatePlane(handOff: lan.Network);
        var port = FreePort(MappingProtocol.Udp);
        var mapping = Mapping(port, host, MappingProtocol.Udp);
        plane.OnAdded(mapping);
        return (lan, host, plane, mapping, UdpClient(), new IPEndPoint(_wan, port));
    }

    /// <summary>Answers a datagram with the same text in capitals.</summary>
    private static async ValueTask UpperDatagramAsync(IPEndPoint from, ReadOnlyMemory<byte> datagram, DatagramReply reply, CancellationToken cancellationToken) =>
        await reply(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(datagram.Span).ToUpperInvariant()), cancellationToken);

    /// <summary>Reads to the end of the request and answers it in capitals.</summary>
    private static async Task EchoUpperAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var request = new MemoryStream();
        await stream.CopyToAsync(request, cancellationToken);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(request.ToArray()).ToUpperInvariant()), cancellationToken);
    }

    /// <summary>A world's in-process network that counts what its hosts were handed.</summary>
    private sealed class HandOffHosts
    {
        private readonly List<IPEndPoint> _senders = [];
        private int _served;

        public InProcessNetwork Network { get; } = new();

        public int Served => Volatile.Read(ref _served);

        public IReadOnlyList<IPEndPoint> Senders
        {
            get
            {
                lock (_senders)
                {
                    return [.. _senders];
                }
            }
        }

        public void Add(IPEndPoint endPoint, ConnectionService serve) =>
            Network.Offer(endPoint.Address, endPoint.Port, (stream, token) =>
            {
                Interlocked.Increment(ref _served);
                return serve(stream, token);
            });

        public void AddDatagrams(IPEndPoint endPoint, DatagramService serve) =>
            Network.OfferDatagrams(endPoint, (from, datagram, reply, token) =>
            {
                lock (_senders)
                {
                    _senders.Add(from);
                }

                return serve(from, datagram, reply, token);
            });
    }
}
