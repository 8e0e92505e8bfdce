using System.Net;
using IgdLab.Device.Tests.Upnp.Description;
using IgdLab.Device.Upnp.Description;
using IgdLab.Device.Upnp.Discovery;
using IgdLab.Device.Upnp.Http;
using IgdLab.TestUtilities;
using Microsoft.Extensions.Time.Testing;
using static IgdLab.Device.Tests.Upnp.Description.DescriptionSamples;

namespace IgdLab.Device.Tests.Upnp.Discovery;

/// <summary>Choosing a gateway: descriptions served over real HTTP on loopback, and the virtual router end to end.</summary>
[Category("Loopback")]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class IgdLocatorTests
{
    private readonly IPAddress _device = LoopbackAddresses.Next();
    private readonly HttpClient _http;
    private readonly FakeHttpServer _server;
    private readonly CancellationTokenSource _guard = new(TimeSpan.FromSeconds(20));

    public IgdLocatorTests()
    {
        _http = LocalBoundHttpClientFactory.Create(_device);
        _server = FakeHttpServer.Serving(new Dictionary<string, FakeHttpResponse>
        {
            ["/ppp.xml"] = FakeHttpResponse.Xml(IgdXml(Service(WanPpp1, "/ctl/ppp"))),
            ["/ip1.xml"] = FakeHttpResponse.Xml(IgdXml(Service(WanIp1, "/ctl/ip1"))),
            ["/ip1-no-common.xml"] = FakeHttpResponse.Xml(IgdXml(Service(WanIp1, "/ctl/ip1nc"), commonServices: "")),
            ["/ip2.xml"] = FakeHttpResponse.Xml(IgdXml(Service(WanIp2, "/ctl/ip2"))),
            ["/ip2-other.xml"] = FakeHttpResponse.Xml(IgdXml(Service(WanIp2, "/ctl/ip2other"))),
            ["/tv.xml"] = FakeHttpResponse.Xml(IgdXml(Service("urn:schemas-upnp-org:service:RenderingControl:1", "/ctl/rc"), commonServices: "")),
            ["/broken.xml"] = FakeHttpResponse.Xml("<root><device>"),
        });
    }

    [TearDown]
    public async Task TearDown()
    {
        await _server.DisposeAsync();
        _http.Dispose();
        _guard.Dispose();
    }

    [Test]
    public async Task SelectAsync_SeveralIgds_PicksWanIpConnection2()
    {
        var result = await Locator().SelectAsync(Replies("/ppp.xml", "/ip1.xml", "/ip2.xml", "/tv.xml"), _guard.Token);

        Assert.That(result.Outcome, Is.EqualTo(IgdLocatorOutcome.Found));
        Assert.That(result.Igd!.ConnectionService.ControlUrl, Is.EqualTo(_server.Url("/ctl/ip2")));
        Assert.That(result.Candidates.Select(c => c.Location.AbsolutePath), Is.EqualTo(new[] { "/ppp.xml", "/ip1.xml", "/ip2.xml", "/tv.xml" }));
        Assert.That(result.Candidates.Select(c => c.IsIgd), Is.EqualTo(new[] { true, true, true, false }));
    }

    [Test]
    public async Task SelectAsync_PppAndIp1_PrefersIp1()
    {
        var result = await Locator().SelectAsync(Replies("/ppp.xml", "/ip1.xml"), _guard.Token);

        Assert.That(result.Igd!.ConnectionService.ServiceType, Is.EqualTo(WanIp1));
    }

    [Test]
    public async Task SelectAsync_SameServiceVersion_PrefersOneWithCommonInterfaceConfig()
    {
        var result = await Locator().SelectAsync(Replies("/ip1-no-common.xml", "/ip1.xml"), _guard.Token);

        Assert.That(result.Best!.Location.AbsolutePath, Is.EqualTo("/ip1.xml"));
    }

    [Test]
    public async Task SelectAsync_EqualCandidates_PrefersTheFirstToAnswer()
    {
        var result = await Locator().SelectAsync(Replies("/ip2-other.xml", "/ip2.xml"), _guard.Token);

        Assert.That(result.Best!.Location.AbsolutePath, Is.EqualTo("/ip2-other.xml"));
    }

    [Test]
    public async Task SelectAsync_ManyRepliesForOneLocation_FetchesItOnce()
    {
        var replies = Replies("/ip2.xml", "/ip2.xml", "/ip2.xml");

        var result = await Locator().SelectAsync(replies, _guard.Token);

        Assert.That(_server.Hits("/ip2.xml"), Is.EqualTo(1));
        Assert.That(result.Candidates.Single().Replies, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task SelectAsync_NoUsableDescription_SaysNoIgdWithEachFailure()
    {
        var result = await Locator().SelectAsync(Replies("/tv.xml", "/broken.xml", "/missing.xml"), _guard.Token);

        Assert.That(result.Outcome, Is.EqualTo(IgdLocatorOutcome.NoIgd));
        Assert.That(result.Best, Is.Null);
        Assert.That(result.Candidates.Select(c => c.Failure!.Reason), Is.EqualTo(new[]
        {
            DescriptionFailure.NoConnectionService, DescriptionFailure.NotXml, DescriptionFailure.HttpStatus,
        }));
    }

    [Test]
    public async Task SelectAsync_NoReplies_SaysNoResponse()
    {
        var result = await Locator().SelectAsync([], _guard.Token);

        Assert.That(result.Outcome, Is.EqualTo(IgdLocatorOutcome.NoResponse));
        Assert.That(result.Candidates, Is.Empty);
    }

    [Test]
    public async Task SelectAsync_ProbeRejectsTheBest_PicksTheNextThatPasses()
    {
        var probed = new List<string>();
        var locator = Locator(new IgdLocatorOptions
        {
            Probe = (igd, _) =>
            {
                probed.Add(igd.DescriptionUrl.AbsolutePath);
                return Task.FromResult(igd.ConnectionService.ServiceType != WanIp2);
            },
        });

        var result = await locator.SelectAsync(Replies("/ppp.xml", "/ip2.xml", "/ip1.xml"), _guard.Token);

        Assert.That(result.Outcome, Is.EqualTo(IgdLocatorOutcome.Found));
        Assert.That(result.Best!.Location.AbsolutePath, Is.EqualTo("/ip1.xml"));
        Assert.That(result.Best.ProbePassed, Is.True);
        Assert.That(probed, Is.EqualTo(new[] { "/ip2.xml", "/ip1.xml" }), "best first, stopping at the first that passes");
        Assert.That(result.Candidates.Select(c => c.ProbePassed), Is.EqualTo(new bool?[] { null, false, true }));
    }

    [Test]
    public async Task SelectAsync_EveryProbeFailsOrThrows_OffersTheBestAsProbeFailed()
    {
        var locator = Locator(new IgdLocatorOptions
        {
            Probe = (igd, _) => igd.ConnectionService.ServiceType == WanIp2
                ? throw new InvalidOperationException("SOAP fault")
                : Task.FromResult(false),
        });

        var result = await locator.SelectAsync(Replies("/ip1.xml", "/ip2.xml"), _guard.Token);

        Assert.That(result.Outcome, Is.EqualTo(IgdLocatorOutcome.FoundProbeFailed));
        Assert.That(result.Best!.Location.AbsolutePath, Is.EqualTo("/ip2.xml"));
        Assert.That(result.Candidates.Select(c => c.ProbePassed), Is.All.False);
    }

    [Test]
    public async Task SelectAsync_MoreLocationsThanTheCap_FetchesOnlyTheFirst()
    {
        var result = await Locator(new IgdLocatorOptions { MaxDescriptions = 2 }).SelectAsync(Replies("/ppp.xml", "/ip1.xml", "/ip2.xml"), _guard.Token);

        Assert.That(result.Candidates, Has.Count.EqualTo(2));
        Assert.That(_server.Hits("/ip2.xml"), Is.Zero);
    }

    [Test]
    public async Task LocateAsync_StopAtFirstIgd_FindsTheVirtualRouterWithoutWaitingForTheTimeout()
    {
        await using var router = await TestGateway.StartAsync();
        var probed = 0;
        var locator = RouterLocator(router, new FakeTimeProvider(), new IgdLocatorOptions
        {
            StopAtFirstIgd = true,
            Probe = (_, _) => Task.FromResult(++probed > 0),
        });

        var result = await locator.LocateAsync(_guard.Token);

        Assert.That(result.Outcome, Is.EqualTo(IgdLocatorOutcome.Found));
        Assert.That(result.Igd!.ConnectionService.ControlUrl, Is.EqualTo(router.Gateway.ControlUrl));
        Assert.That(result.Best!.ProbePassed, Is.True);
        Assert.That(probed, Is.EqualTo(1));
    }

    [TestCase("standard", 2)]
    [TestCase("permanent-only", 1)]
    public async Task LocateAsync_FullSearch_ChoosesTheVirtualRoutersConnectionService(string profile, int version)
    {
        await using var router = await TestGateway.StartAsync(profile);

        // A short real timeout: the full search waits it out by design.
        var result = await RouterLocator(router, TimeProvider.System, new IgdLocatorOptions(), TimeSpan.FromSeconds(1)).LocateAsync(_guard.Token);

        Assert.That(result.Outcome, Is.EqualTo(IgdLocatorOutcome.Found));
        Assert.That(result.Candidates, Has.Count.EqualTo(1), "every reply names the same LOCATION");
        Assert.That(result.Discovery!.Replies, Has.Count.GreaterThan(1));
        Assert.That(result.Igd!.ConnectionService.ServiceType, Is.EqualTo($"urn:schemas-upnp-org:service:WANIPConnection:{version}"));
        Assert.That(result.Igd.ConnectionService.ControlUrl, Is.EqualTo(router.Gateway.ControlUrl));
    }

    [Test]
    public async Task LocateAsync_StopAtFirstIgdButNoRouter_ReturnsNoResponseAtTheTimeout()
    {
        using var silent = new FakeSsdpResponder();
        var time = new FakeTimeProvider();

        var locate = ResponderLocator(silent, time, new IgdLocatorOptions { StopAtFirstIgd = true }).LocateAsync(_guard.Token);
        await silent.ReceiveSearchAsync();
        time.Advance(DiscoveryDefaults.Timeout);

        Assert.That((await locate).Outcome, Is.EqualTo(IgdLocatorOutcome.NoResponse));
    }

    [Test]
    public async Task LocateAsync_StopAtFirstIgdAfterANonIgd_SkipsItAndStopsAtTheIgd()
    {
        using var responder = new FakeSsdpResponder();
        var locate = ResponderLocator(responder, new FakeTimeProvider(), new IgdLocatorOptions { StopAtFirstIgd = true }).LocateAsync(_guard.Token);
        var (from, _) = await responder.ReceiveSearchAsync();

        await responder.ReplyAsync(from, FakeSsdpResponder.Reply(_server.Url("/tv.xml").ToString(), UpnpUrns.RootDevice));
        await responder.ReplyAsync(from, FakeSsdpResponder.Reply(_server.Url("/ip1.xml").ToString(), UpnpUrns.RootDevice));
        var result = await locate;

        Assert.That(result.Outcome, Is.EqualTo(IgdLocatorOutcome.Found));
        Assert.That(result.Best!.Location.AbsolutePath, Is.EqualTo("/ip1.xml"));
        Assert.That(result.Candidates.Select(c => c.IsIgd), Is.EqualTo(new[] { false, true }));
    }

    [Test]
    public async Task LocateAsync_StopAtFirstIgdWhoseProbeFails_KeepsSearchingThenOffersItAsProbeFailed()
    {
        using var responder = new FakeSsdpResponder();
        var time = new FakeTimeProvider();
        var probed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new IgdLocatorOptions
        {
            StopAtFirstIgd = true,
            Probe = (_, _) =>
            {
                probed.TrySetResult();
                return Task.FromResult(false);
            },
        };
        var locate = ResponderLocator(responder, time, options).LocateAsync(_guard.Token);
        var (from, _) = await responder.ReceiveSearchAsync();

        await responder.ReplyAsync(from, FakeSsdpResponder.Reply(_server.Url("/ip2.xml").ToString(), UpnpUrns.RootDevice));
        await probed.Task.WaitAsync(_guard.Token);
        Assert.That(locate.IsCompleted, Is.False, "a failed probe does not end the search");
        time.Advance(DiscoveryDefaults.Timeout);
        var result = await locate;

        Assert.That(result.Outcome, Is.EqualTo(IgdLocatorOutcome.FoundProbeFailed));
        Assert.That(result.Best!.Location.AbsolutePath, Is.EqualTo("/ip2.xml"));
    }

    private IgdLocator Locator(IgdLocatorOptions? options = null) =>
        new(
            new SsdpDiscoverer(new DiscoveryOptions { UnicastEndPoint = new IPEndPoint(IPAddress.Loopback, 1900) }),
            new IgdDescriptionFetcher(_http),
            options);

    private IgdLocator RouterLocator(TestGateway router, TimeProvider time, IgdLocatorOptions options, TimeSpan? timeout = null)
    {
        var discoverer = new SsdpDiscoverer(
            new DiscoveryOptions
            {
                UnicastEndPoint = router.Gateway.SsdpEndPoint,
                LocalAddress = _device,
                Timeout = timeout ?? DiscoveryDefaults.Timeout,
            },
            time);
        return new IgdLocator(discoverer, new IgdDescriptionFetcher(_http), options);
    }

    private IgdLocator ResponderLocator(FakeSsdpResponder responder, TimeProvider time, IgdLocatorOptions options) =>
        new(
            new SsdpDiscoverer(new DiscoveryOptions { UnicastEndPoint = responder.EndPoint, LocalAddress = _device, SearchTargets = [UpnpUrns.RootDevice] }, time),
            new IgdDescriptionFetcher(_http),
            options);

    private List<SsdpReply> Replies(params string[] paths) =>
        [
            .. paths.Select(path => new SsdpReply
            {
                Responder = _server.EndPoint,
                Location = _server.Url(path),
                SearchTarget = UpnpUrns.RootDevice,
                ReceivedAt = DateTimeOffset.UnixEpoch,
            }),
        ];
}
