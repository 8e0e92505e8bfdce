using System.Net;
using System.Text;
using IgdLab.Contracts.InProcess;
using IgdLab.Igd.Events;
using IgdLab.Igd.Forwarding;
using IgdLab.Igd.Mapping;
using IgdLab.Igd.Profiles;
using IgdLab.TestUtilities;

namespace IgdLab.Igd.Tests.Forwarding;

/// <summary>
/// The WAN side on an in-process network: a caller in this process reaches a mapping in memory end to end, with the
/// same admission, counting and closing as on kernel sockets.
/// </summary>
public sealed partial class ForwardingPlaneTests
{
    private const int WanPort = 20080;

    private readonly InProcessNetwork _wanNetwork = new();

    [Test]
    public async Task InProcessWan_TcpProbe_ReachesTheHostInMemory_CountedAndSeenFromTheCaller()
    {
        var lan = new HandOffHosts();
        var host = new IPEndPoint(_lan, 40101);
        var callers = new List<IPEndPoint?>();
        lan.Add(host, (stream, token) =>
        {
            lock (callers)
            {
                callers.Add((stream as IConnectionEndPoints)?.RemoteEndPoint);
            }

            return AnswerUpperAsync(stream, token);
        });
        var plane = CreatePlane(handOff: lan.Network, wan: _wanNetwork);
        var mapping = Mapping(WanPort, host);
        plane.OnAdded(mapping);
        var caller = new IPEndPoint(_peer, 45000);

        var answer = await ProbeInMemoryAsync(WanPort, "probe", caller);
        var settled = await Poll.UntilAsync(() => plane.ActiveConnections == 0 && plane.BytesSent == 5);

        Assert.Multiple(() =>
        {
            Assert.That(answer, Is.EqualTo("PROBE"));
            Assert.That(settled, Is.True, "the flow ends when the host is done");
            Assert.That(callers, Is.EqualTo(new[] { caller }), "the host sees the caller, as behind a NAT");
            Assert.That(plane.BytesReceived, Is.EqualTo(5));
            Assert.That(plane.ActivityCount(mapping.Key), Is.GreaterThanOrEqualTo(3), "connection, request, reply");
            Assert.That(plane.StateOf(mapping.Key), Is.EqualTo(WanPortState.Forwarding));
        });
        await AssertRefusedAsync(WanPort);
    }

    [Test]
    public void InProcessWan_AfterOnRemoved_ConnectIsRefused()
    {
        var lan = new HandOffHosts();
        var host = new IPEndPoint(_lan, 40102);
        lan.Add(host, AnswerUpperAsync);
        var plane = CreatePlane(handOff: lan.Network, wan: _wanNetwork);
        var mapping = Mapping(WanPort, host);
        plane.OnAdded(mapping);

        plane.OnRemoved(mapping, RemovalReason.Deleted);

        Assert.That(_wanNetwork.TryConnect(new IPEndPoint(_wan, WanPort), new IPEndPoint(_peer, 45001)), Is.Null);
        Assert.That(plane.StateOf(mapping.Key), Is.EqualTo(WanPortState.Closed));
    }

    [Test]
    public async Task InProcessWan_SilentProfile_HoldsTheConnectionWithoutAnAnswer()
    {
        var lan = new HandOffHosts();
        var host = new IPEndPoint(_lan, 40103);
        lan.Add(host, AnswerUpperAsync);
        var plane = CreatePlane(ClosedPortBehaviour.Silent, handOff: lan.Network, wan: _wanNetwork);
        var mapping = Mapping(WanPort, host);
        plane.OnAdded(mapping);
        plane.OnRemoved(mapping, RemovalReason.Deleted);

        await using var client = _wanNetwork.TryConnect(new IPEndPoint(_wan, WanPort), new IPEndPoint(_peer, 45002));
        Assert.That(client, Is.Not.Null, "a silent port accepts");
        await client!.WriteAsync("hello?"u8.ToArray());

        using var window = Within(SilenceWindow);
        Assert.That(
            async () => await client.ReadAsync(new byte[16], window.Token),
            Throws.InstanceOf<OperationCanceledException>(),
            "accepted, but not a byte comes back");
        Assert.That(await Poll.UntilAsync(() => plane.BytesReceived == 6), Is.True, "the WAN interface still saw it");
        Assert.That(lan.Served, Is.Zero);
    }

    [Test]
    public async Task InProcessWan_RemoteHostSet_AnotherCallerIsReset_TheNamedOneServed()
    {
        var lan = new HandOffHosts();
        var host = new IPEndPoint(_lan, 40104);
        lan.Add(host, AnswerUpperAsync);
        var plane = CreatePlane(handOff: lan.Network, wan: _wanNetwork);
        plane.OnAdded(Mapping(WanPort, host) with { RemoteHost = _peer.ToString() });

        await AssertInMemoryResetAsync(WanPort, new IPEndPoint(LoopbackAddresses.Next(), 45003));

        Assert.That(await ProbeInMemoryAsync(WanPort, "named", new IPEndPoint(_peer, 45004)), Is.EqualTo("NAMED"));
        Assert.That(lan.Served, Is.EqualTo(1), "only the named caller reached the host");
    }

    [Test]
    public async Task InProcessWan_WanAddressChanged_TheOfferMoves()
    {
        var lan = new HandOffHosts();
        var host = new IPEndPoint(_lan, 40105);
        lan.Add(host, AnswerUpperAsync);
        var plane = CreatePlane(handOff: lan.Network, wan: _wanNetwork);
        plane.OnAdded(Mapping(WanPort, host));
        var newWan = LoopbackAddresses.Next();

        await plane.ChangeWanAddressAsync(newWan);

        Assert.That(_wanNetwork.TryConnect(new IPEndPoint(_wan, WanPort), new IPEndPoint(_peer, 45005)), Is.Null, "the old address refuses");
        Assert.That(await ProbeInMemoryAsync(WanPort, "moved", new IPEndPoint(_peer, 45006), newWan), Is.EqualTo("MOVED"));
    }

    [Test]
    public async Task InProcessWan_MappingRemovedWhileTheHostHoldsTheConnection_ResetsIt()
    {
        var lan = new HandOffHosts();
        var host = new IPEndPoint(_lan, 40106);
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lan.Add(host, async (stream, token) =>
        {
            holding.TrySetResult();
            await new TaskCompletionSource().Task.WaitAsync(token);
        });
        var plane = CreatePlane(handOff: lan.Network, wan: _wanNetwork);
        var mapping = Mapping(WanPort, host);
        plane.OnAdded(mapping);
        await using var client = _wanNetwork.TryConnect(new IPEndPoint(_wan, WanPort), new IPEndPoint(_peer, 45007));
        await holding.Task.WaitAsync(WaitLimit, TimeProvider.System);

        plane.OnRemoved(mapping, RemovalReason.Dropped);

        using var limit = Within(WaitLimit);
        Assert.That(async () => await client!.ReadAsync(new byte[16], limit.Token), Throws.InstanceOf<IOException>(), "a reset, not a quiet end");
        Assert.That(await Poll.UntilAsync(() => plane.ActiveConnections == 0), Is.True, "the flow ends with the mapping");
    }

    [Test]
    public async Task InProcessWan_HostOnTheKernel_IsUnreachableInMemory_AndTheConnectionReset()
    {
        var lan = new HandOffHosts();
        var plane = CreatePlane(handOff: lan.Network, wan: _wanNetwork);
        plane.OnAdded(Mapping(WanPort, new IPEndPoint(_lan, 40107)));

        await AssertInMemoryResetAsync(WanPort, new IPEndPoint(_peer, 45008));
        Assert.That(await Poll.UntilAsync(() => plane.ActiveConnections == 0), Is.True);
    }

    [Test]
    public async Task InProcessWan_UdpDatagrams_ReachTheHostInMemory_AndRepliesReturnThroughTheCallersReply()
    {
        var lan = new HandOffHosts();
        var host = new IPEndPoint(_lan, 40108);
        lan.AddDatagrams(host, UpperDatagramAsync);
        var idle = TimeSpan.FromSeconds(30);
        var plane = CreatePlane(udpIdleTimeout: idle, handOff: lan.Network, wan: _wanNetwork);
        plane.OnAdded(Mapping(WanPort, host, MappingProtocol.Udp));
        var port = _wanNetwork.FindDatagrams(new IPEndPoint(_wan, WanPort));
        var caller = new IPEndPoint(_peer, 45009);
        var replies = new List<string>();
        DatagramReply collect = (datagram, _) =>
        {
            lock (replies)
            {
                replies.Add(Encoding.UTF8.GetString(datagram.Span));
            }

            return ValueTask.CompletedTask;
        };

        Assert.That(port, Is.Not.Null, "the mapping is offered, not bound on the kernel");
        await port!(caller, "one"u8.ToArray(), collect, CancellationToken.None);
        await port(caller, "two"u8.ToArray(), collect, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(replies, Is.EqualTo(new[] { "ONE", "TWO" }));
            Assert.That(lan.Senders, Is.EqualTo(new[] { caller, caller }), "the host sees the caller");
            Assert.That(plane.ActiveConnections, Is.EqualTo(1), "one session for the caller");
            Assert.That(plane.BytesReceived, Is.EqualTo(6));
            Assert.That(plane.BytesSent, Is.EqualTo(6));
        });

        _time.Advance(idle + TimeSpan.FromSeconds(1));
        Assert.That(await Poll.UntilAsync(() => plane.ActiveConnections == 0), Is.True, "the session ends idle on the plane's clock");
    }

    [Test]
    public async Task InProcessWan_Dispose_WithdrawsEveryOffer()
    {
        var lan = new HandOffHosts();
        var plane = CreatePlane(handOff: lan.Network, wan: _wanNetwork);
        plane.OnAdded(Mapping(WanPort, new IPEndPoint(_lan, 40109)));
        plane.OnAdded(Mapping(WanPort, new IPEndPoint(_lan, 40109), MappingProtocol.Udp));

        await plane.DisposeAsync();

        Assert.That(_wanNetwork.Count, Is.Zero);
        Assert.That(_wanNetwork.FindDatagrams(new IPEndPoint(_wan, WanPort)), Is.Null);
    }

    /// <summary>Connects in memory from <paramref name="caller"/>, sends <paramref name="text"/> and reads as many bytes back.</summary>
    private async Task<string> ProbeInMemoryAsync(int port, string text, IPEndPoint caller, IPAddress? wan = null)
    {
        await using var client = _wanNetwork.TryConnect(new IPEndPoint(wan ?? _wan, port), caller)
            ?? throw new AssertionException("refused: nothing is offered at the WAN port");
        var request = Encoding.UTF8.GetBytes(text);
        await client.WriteAsync(request);
        var answer = new byte[request.Length];
        using var limit = Within(WaitLimit);
        await client.ReadExactlyAsync(answer, limit.Token);
        return Encoding.UTF8.GetString(answer);
    }

    private async Task AssertInMemoryResetAsync(int port, IPEndPoint caller)
    {
        await using var client = _wanNetwork.TryConnect(new IPEndPoint(_wan, port), caller);
        Assert.That(client, Is.Not.Null, "accepted first, as a user-space router does");
        using var limit = Within(WaitLimit);
        Assert.That(async () => await client!.ReadAsync(new byte[16], limit.Token), Throws.InstanceOf<IOException>(), "a reset, not a quiet end");
    }

    /// <summary>Reads a probe-sized request (what is there in the first read) and answers it in capitals.</summary>
    private static async Task AnswerUpperAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[64];
        var read = await stream.ReadAsync(buffer, cancellationToken);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(buffer, 0, read).ToUpperInvariant()), cancellationToken);
    }
}
