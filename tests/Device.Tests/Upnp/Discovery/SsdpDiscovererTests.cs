using System.Net;
using System.Text;
using IgdLab.Device.Upnp.Discovery;
using IgdLab.TestUtilities;
using Microsoft.Extensions.Time.Testing;

namespace IgdLab.Device.Tests.Upnp.Discovery;

/// <summary>Unicast discovery on real loopback sockets: against the virtual router, and against a scripted responder's odd replies.</summary>
[Category("Loopback")]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class SsdpDiscovererTests
{
    private const string Marker = "urn:test:marker";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly IPAddress _device = LoopbackAddresses.Next();
    private readonly FakeSsdpResponder _responder = new();

    // Fails a test that hangs instead of letting it block the run; discovery itself runs on the fake clock.
    private readonly CancellationTokenSource _guard = new(TimeSpan.FromSeconds(20));

    [TearDown]
    public void TearDown()
    {
        _responder.Dispose();
        _guard.Dispose();
    }

    [TestCase("standard", UpnpUrns.InternetGatewayDevice2)]
    [TestCase("standard", UpnpUrns.InternetGatewayDevice1)]
    [TestCase("standard", UpnpUrns.WanIpConnection2)]
    [TestCase("standard", UpnpUrns.WanIpConnection1)]
    [TestCase("standard", UpnpUrns.RootDevice)]
    [TestCase("permanent-only", UpnpUrns.InternetGatewayDevice1)]
    [TestCase("permanent-only", UpnpUrns.WanIpConnection1)]
    [TestCase("permanent-only", UpnpUrns.RootDevice)]
    public async Task DiscoverAsync_VirtualRouter_AnswersTheTarget(string profile, string searchTarget)
    {
        await using var router = await TestGateway.StartAsync(profile);
        var discoverer = Discoverer(router.Gateway.SsdpEndPoint, [searchTarget], router.DeviceAddress);

        var result = await discoverer.DiscoverAsync(stopWhen: _ => true, _guard.Token);

        var reply = result.Replies.Single();
        Assert.Multiple(() =>
        {
            Assert.That(reply.SearchTarget, Is.EqualTo(searchTarget));
            Assert.That(reply.Location, Is.EqualTo(router.Gateway.DescriptionUrl));
            Assert.That(reply.Responder, Is.EqualTo(router.Gateway.SsdpEndPoint));
            Assert.That(reply.UniqueServiceName, Does.StartWith("uuid:"));
            Assert.That(reply.Server, Is.EqualTo(router.Gateway.Profile.ServerHeader));
            Assert.That(reply.BootId, Is.EqualTo(router.Gateway.BootId));
            Assert.That(reply.ConfigId, Is.Not.Null);
            Assert.That(reply.ReceivedAt, Is.EqualTo(_time.GetUtcNow()));
            Assert.That(result.StoppedEarly, Is.True);
            Assert.That(result.SkippedDatagrams, Is.Zero);
        });
    }

    [Test]
    public async Task DiscoverAsync_Igd1RouterAskedForV2AndPpp_AnswersOnlyWhatItServes()
    {
        await using var router = await TestGateway.StartAsync("permanent-only");
        var discoverer = Discoverer(
            router.Gateway.SsdpEndPoint,
            [UpnpUrns.InternetGatewayDevice2, UpnpUrns.WanIpConnection2, UpnpUrns.WanPppConnection1, UpnpUrns.RootDevice],
            router.DeviceAddress);

        // The router answers searches in order, so once the last target's reply is in, the others had their chance.
        var result = await discoverer.DiscoverAsync(r => r.SearchTarget == UpnpUrns.RootDevice, _guard.Token);

        Assert.That(result.Replies.Select(r => r.SearchTarget), Is.EqualTo(new[] { UpnpUrns.RootDevice }));
    }

    [Test]
    public async Task SearchAsync_DefaultTargetsAgainstIgd2Router_YieldsEachAnswerThenEndsAtTheTimeout()
    {
        await using var router = await TestGateway.StartAsync();
        var discoverer = new SsdpDiscoverer(
            new DiscoveryOptions { UnicastEndPoint = router.Gateway.SsdpEndPoint, LocalAddress = router.DeviceAddress }, _time);
        await using var replies = discoverer.SearchAsync(_guard.Token).GetAsyncEnumerator();

        var targets = new List<string?>();
        for (var i = 0; i < 5; i++)
        {
            Assert.That(await replies.MoveNextAsync(), Is.True);
            targets.Add(replies.Current.SearchTarget);
            Assert.That(replies.Current.Location, Is.EqualTo(router.Gateway.DescriptionUrl));
        }

        var end = replies.MoveNextAsync();
        _time.Advance(DiscoveryDefaults.Timeout);

        Assert.That(await end, Is.False);
        Assert.That(targets, Is.EqualTo(new[]
        {
            UpnpUrns.InternetGatewayDevice2, UpnpUrns.InternetGatewayDevice1,
            UpnpUrns.WanIpConnection2, UpnpUrns.WanIpConnection1, UpnpUrns.RootDevice,
        }));
    }

    [Test]
    public async Task DiscoverAsync_DefaultTargets_SendsWellFormedSearchesInOrderFromTheDeviceAddress()
    {
        var discoverer = new SsdpDiscoverer(new DiscoveryOptions { UnicastEndPoint = _responder.EndPoint, LocalAddress = _device }, _time);
        var discovery = discoverer.DiscoverAsync(cancellationToken: _guard.Token);

        var searches = new List<(IPEndPoint From, string Text)>();
        for (var i = 0; i < IgdSearchTargets.Default.Count; i++)
        {
            searches.Add(await _responder.ReceiveSearchAsync());
        }

        _time.Advance(DiscoveryDefaults.Timeout);
        await discovery;
        Assert.Multiple(() =>
        {
            Assert.That(searches.Select(s => s.From.Address), Is.All.EqualTo(_device));
            Assert.That(searches.Select(s => s.From.Port).Distinct().Count(), Is.EqualTo(1), "one socket sends every search");
            Assert.That(searches[0].Text, Is.EqualTo(
                $"M-SEARCH * HTTP/1.1\r\nHOST: {_responder.EndPoint}\r\nMAN: \"ssdp:discover\"\r\nMX: 2\r\nST: {UpnpUrns.InternetGatewayDevice2}\r\n\r\n"));
            Assert.That(searches.Select(s => s.Text.Split("\r\nST: ")[1].TrimEnd('\r', '\n')), Is.EqualTo(IgdSearchTargets.Default));
        });
    }

    [Test]
    public async Task DiscoverAsync_RouterNeverAnswers_ReturnsEmptyWhenTheTimeoutPasses()
    {
        var discovery = Discoverer(_responder.EndPoint, [UpnpUrns.InternetGatewayDevice1]).DiscoverAsync(cancellationToken: _guard.Token);
        await _responder.ReceiveSearchAsync();

        _time.Advance(TimeSpan.FromSeconds(2.9));
        Assert.That(discovery.IsCompleted, Is.False);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        var result = await discovery;

        Assert.That(result.Replies, Is.Empty);
        Assert.That(result.StoppedEarly, Is.False);
        Assert.That(result.FailedSends, Is.Zero);
    }

    [Test]
    public async Task DiscoverAsync_OddHeaders_AreParsed()
    {
        var discovery = Discoverer(_responder.EndPoint, [UpnpUrns.InternetGatewayDevice1]).DiscoverAsync(_ => true, _guard.Token);
        var (from, _) = await _responder.ReceiveSearchAsync();

        // goupnp's trailing space after the status, LF-only lines, lowercase names, empty SERVER, non-UUID USN (Thomson TG585).
        await _responder.ReplyAsync(from, "HTTP/1.1 200 OK \nlocation:  http://10.0.0.138:80/IGD.xml \nst:urn:schemas-upnp-org:device:InternetGatewayDevice:1\nusn: TG585-IGD-1\nserver:\nbootid.upnp.org: x\n\n");
        var reply = (await discovery).Replies.Single();

        Assert.Multiple(() =>
        {
            Assert.That(reply.Location, Is.EqualTo(new Uri("http://10.0.0.138/IGD.xml")));
            Assert.That(reply.SearchTarget, Is.EqualTo(UpnpUrns.InternetGatewayDevice1));
            Assert.That(reply.UniqueServiceName, Is.EqualTo("TG585-IGD-1"));
            Assert.That(reply.Server, Is.Null);
            Assert.That(reply.BootId, Is.Null);
            Assert.That(reply.ConfigId, Is.Null);
        });
    }

    [Test]
    public async Task DiscoverAsync_V1StEchoedToAV2Search_IsAccepted()
    {
        var discovery = Discoverer(_responder.EndPoint, [UpnpUrns.InternetGatewayDevice2]).DiscoverAsync(_ => true, _guard.Token);
        var (from, text) = await _responder.ReceiveSearchAsync();
        Assert.That(text, Does.Contain("ST: " + UpnpUrns.InternetGatewayDevice2));

        await _responder.ReplyAsync(from, FakeSsdpResponder.Reply("http://10.0.0.1:5000/desc.xml", UpnpUrns.InternetGatewayDevice1));

        Assert.That((await discovery).Replies.Single().SearchTarget, Is.EqualTo(UpnpUrns.InternetGatewayDevice1));
    }

    [Test]
    public async Task DiscoverAsync_ReplyFromAnotherAddressAndPort_IsAcceptedWithItsRealSender()
    {
        var discovery = Discoverer(_responder.EndPoint, [UpnpUrns.InternetGatewayDevice1]).DiscoverAsync(_ => true, _guard.Token);
        var (from, _) = await _responder.ReceiveSearchAsync();
        var other = _responder.OtherSocket();

        await FakeSsdpResponder.SendAsync(other, from, Encoding.ASCII.GetBytes(FakeSsdpResponder.Reply("http://10.0.0.1:1900/desc.xml", UpnpUrns.InternetGatewayDevice1)));
        var reply = (await discovery).Replies.Single();

        Assert.That(reply.Responder, Is.EqualTo(other.Client.LocalEndPoint));
        Assert.That(reply.Responder, Is.Not.EqualTo(_responder.EndPoint));
        Assert.That(reply.Location.Port, Is.EqualTo(1900), "TP-Link ER605 serves its description on the SSDP port");
    }

    [Test]
    public async Task DiscoverAsync_GarbageAmongReplies_IsSkippedAndCountedWithoutThrowing()
    {
        var discovery = Discoverer(_responder.EndPoint, [UpnpUrns.RootDevice]).DiscoverAsync(r => r.SearchTarget == Marker, _guard.Token);
        var (from, _) = await _responder.ReceiveSearchAsync();
        string[] garbage =
        [
            "complete garbage",
            "NOTIFY * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nLOCATION: http://10.0.0.1/d.xml\r\nNT: upnp:rootdevice\r\nNTS: ssdp:alive\r\n\r\n",
            "HTTP/1.1 404 Not Found\r\nLOCATION: http://10.0.0.1/d.xml\r\n\r\n",
            "HTTP/1.1 200 OK\r\nST: upnp:rootdevice\r\nUSN: uuid:x\r\n\r\n",
            "HTTP/1.1 200 OK\r\nLOCATION: not a url\r\n\r\n",
            "HTTP/1.1 200 OK\r\nLOCATION: file:///etc/passwd\r\n\r\n",
            "HTTP/1.1 200 OK\r\nLOCATION: http://10.0.0.1/d.xml\r\n" + new string('X', 9000) + "\r\n\r\n",
        ];
        foreach (var datagram in garbage)
        {
            await _responder.ReplyAsync(from, datagram);
        }

        await _responder.ReplyAsync(from, [0x00, 0xFF, 0xFE, 0x80, 0x0D, 0x0A]);
        await _responder.ReplyAsync(from, FakeSsdpResponder.Reply("http://10.0.0.1:5000/desc.xml", Marker));
        var result = await discovery;

        Assert.That(result.Replies.Select(r => r.SearchTarget), Is.EqualTo(new[] { Marker }));
        Assert.That(result.SkippedDatagrams, Is.EqualTo(garbage.Length + 1));
    }

    [Test]
    public async Task DiscoverAsync_DuplicateReplies_AreKeptOnceAndCounted()
    {
        var discovery = Discoverer(_responder.EndPoint, [UpnpUrns.RootDevice]).DiscoverAsync(r => r.SearchTarget == Marker, _guard.Token);
        var (from, _) = await _responder.ReceiveSearchAsync();
        var reply = FakeSsdpResponder.Reply("http://10.0.0.1:5000/desc.xml", UpnpUrns.RootDevice);

        for (var i = 0; i < 3; i++)
        {
            await _responder.ReplyAsync(from, reply);
        }

        await _responder.ReplyAsync(from, FakeSsdpResponder.Reply("http://10.0.0.1:5000/desc.xml", Marker));
        var result = await discovery;

        Assert.That(result.Replies.Select(r => r.SearchTarget), Is.EqualTo(new[] { UpnpUrns.RootDevice, Marker }));
        Assert.That(result.DuplicateReplies, Is.EqualTo(2));
    }

    [Test]
    public async Task SearchAsync_TwoResponders_YieldsBoth()
    {
        await using var replies = Discoverer(_responder.EndPoint, [UpnpUrns.RootDevice]).SearchAsync(_guard.Token).GetAsyncEnumerator();
        var first = replies.MoveNextAsync();
        var (from, _) = await _responder.ReceiveSearchAsync();

        await _responder.ReplyAsync(from, FakeSsdpResponder.Reply("http://10.0.0.1:5000/a.xml", UpnpUrns.RootDevice, "uuid:a::upnp:rootdevice"));
        await FakeSsdpResponder.SendAsync(_responder.OtherSocket(), from, Encoding.ASCII.GetBytes(
            FakeSsdpResponder.Reply("http://10.0.0.2:5000/b.xml", UpnpUrns.RootDevice, "uuid:b::upnp:rootdevice")));

        Assert.That(await first, Is.True);
        var a = replies.Current;
        Assert.That(await replies.MoveNextAsync(), Is.True);
        var b = replies.Current;
        Assert.That(new[] { a.Location.Host, b.Location.Host }, Is.EquivalentTo(new[] { "10.0.0.1", "10.0.0.2" }));
        Assert.That(a.Responder, Is.Not.EqualTo(b.Responder));
    }

    [Test]
    public async Task SearchAsync_LateReply_IsCollectedUntilTheDeadline()
    {
        await using var replies = Discoverer(_responder.EndPoint, [UpnpUrns.RootDevice]).SearchAsync(_guard.Token).GetAsyncEnumerator();
        var first = replies.MoveNextAsync();
        var (from, _) = await _responder.ReceiveSearchAsync();
        await _responder.ReplyAsync(from, FakeSsdpResponder.Reply("http://10.0.0.1:5000/fast.xml", UpnpUrns.RootDevice));
        Assert.That(await first, Is.True);
        var fast = replies.Current;

        _time.Advance(TimeSpan.FromSeconds(2.5));
        var second = replies.MoveNextAsync();
        await _responder.ReplyAsync(from, FakeSsdpResponder.Reply("http://10.0.0.9:5000/slow.xml", UpnpUrns.RootDevice));
        Assert.That(await second, Is.True);
        var slow = replies.Current;

        var end = replies.MoveNextAsync();
        _time.Advance(TimeSpan.FromSeconds(0.5));
        Assert.That(await end, Is.False);
        Assert.That(slow.Location.AbsolutePath, Is.EqualTo("/slow.xml"));
        Assert.That(slow.ReceivedAt - fast.ReceivedAt, Is.EqualTo(TimeSpan.FromSeconds(2.5)));
    }

    [Test]
    public async Task DiscoverAsync_StopWhenMatches_StopsEarlyWithThatReply()
    {
        var discovery = Discoverer(_responder.EndPoint, [UpnpUrns.RootDevice]).DiscoverAsync(r => r.Location.AbsolutePath == "/igd.xml", _guard.Token);
        var (from, _) = await _responder.ReceiveSearchAsync();

        await _responder.ReplyAsync(from, FakeSsdpResponder.Reply("http://10.0.0.1:5000/tv.xml", UpnpUrns.RootDevice));
        await _responder.ReplyAsync(from, FakeSsdpResponder.Reply("http://10.0.0.2:5000/igd.xml", UpnpUrns.RootDevice));
        var result = await discovery;

        Assert.That(result.StoppedEarly, Is.True);
        Assert.That(result.Replies.Select(r => r.Location.AbsolutePath), Is.EqualTo(new[] { "/tv.xml", "/igd.xml" }));
    }

    [Test]
    public async Task DiscoverAsync_CallerCancels_ThrowsOperationCanceled()
    {
        using var cancellation = new CancellationTokenSource();
        var discovery = Discoverer(_responder.EndPoint, [UpnpUrns.RootDevice]).DiscoverAsync(cancellationToken: cancellation.Token);
        await _responder.ReceiveSearchAsync();

        await cancellation.CancelAsync();

        Assert.That(async () => await discovery, Throws.InstanceOf<OperationCanceledException>());
    }

    private SsdpDiscoverer Discoverer(IPEndPoint target, IReadOnlyList<string> searchTargets, IPAddress? local = null) =>
        new(new DiscoveryOptions { UnicastEndPoint = target, SearchTargets = searchTargets, LocalAddress = local ?? _device }, _time);
}
