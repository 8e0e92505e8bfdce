using System.Net;
using System.Net.Sockets;
using IgdLab.Device.Tests.Upnp.Discovery;
using IgdLab.Device.Upnp.Description;
using IgdLab.Device.Upnp.Http;
using IgdLab.TestUtilities;
using Microsoft.Extensions.Time.Testing;
using static IgdLab.Device.Tests.Upnp.Description.DescriptionSamples;

namespace IgdLab.Device.Tests.Upnp.Description;

/// <summary>Fetching descriptions over real HTTP on loopback: from the virtual router and from a scripted server.</summary>
[Category("Loopback")]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class IgdDescriptionFetcherTests
{
    private readonly IPAddress _device = LoopbackAddresses.Next();
    private readonly HttpClient _http;

    public IgdDescriptionFetcherTests() => _http = LocalBoundHttpClientFactory.Create(_device);

    [TearDown]
    public void TearDown() => _http.Dispose();

    [TestCase("standard", 2)]
    [TestCase("permanent-only", 1)]
    public async Task FetchAsync_VirtualRouter_ParsesItsOwnDescription(string profile, int version)
    {
        await using var router = await TestGateway.StartAsync(profile);
        var fetcher = new IgdDescriptionFetcher(_http);

        var description = await fetcher.FetchAsync(router.Gateway.DescriptionUrl);

        Assert.Multiple(() =>
        {
            Assert.That(description.DescriptionUrl, Is.EqualTo(router.Gateway.DescriptionUrl));
            Assert.That(description.DeviceType, Is.EqualTo($"urn:schemas-upnp-org:device:InternetGatewayDevice:{version}"));
            Assert.That(description.FriendlyName, Is.EqualTo(router.Gateway.Profile.FriendlyName));
            Assert.That(description.Manufacturer, Is.EqualTo(router.Gateway.Profile.Manufacturer));
            Assert.That(description.ModelName, Is.EqualTo(router.Gateway.Profile.ModelName));
            Assert.That(description.Udn, Does.StartWith("uuid:"));
            Assert.That(description.ConnectionServices.Select(s => s.ServiceType), Is.EqualTo(new[] { $"urn:schemas-upnp-org:service:WANIPConnection:{version}" }));
            Assert.That(description.ConnectionService.ControlUrl, Is.EqualTo(router.Gateway.ControlUrl));
            Assert.That(description.ConnectionService.EventSubUrl, Is.EqualTo(router.Gateway.EventUrl));
            Assert.That(description.ConnectionService.ScpdUrl!.Authority, Is.EqualTo(router.Gateway.DescriptionUrl.Authority));
            Assert.That(description.HasCommonInterfaceConfig, Is.True);
            Assert.That(description.Warnings, Is.Empty);
        });
    }

    [Test]
    public async Task FetchAsync_VirtualRouterScpdUrl_ServesAnScpd()
    {
        await using var router = await TestGateway.StartAsync();
        var description = await new IgdDescriptionFetcher(_http).FetchAsync(router.Gateway.DescriptionUrl);

        var scpd = await _http.GetStringAsync(description.ConnectionService.ScpdUrl);

        Assert.That(scpd, Does.Contain("AddPortMapping"));
    }

    [Test]
    public async Task FetchAsync_TextPlainContentType_IsAccepted()
    {
        await using var server = FakeHttpServer.Serving(new Dictionary<string, FakeHttpResponse>
        {
            ["/desc.xml"] = FakeHttpResponse.Xml(IgdXml(Service(WanIp1, "/ctl")), "text/plain"),
        });

        var description = await new IgdDescriptionFetcher(_http).FetchAsync(server.Url("/desc.xml"));

        Assert.That(description.ConnectionService.ControlUrl, Is.EqualTo(server.Url("/ctl")));
    }

    [Test]
    public async Task FetchAsync_NoContentTypeNoContentLength_ReadsToTheEnd()
    {
        await using var server = new FakeHttpServer(_ => new FakeHttpResponse(200, null, Bytes(IgdXml(Service(WanIp1, "/ctl"))), WithContentLength: false));

        var description = await new IgdDescriptionFetcher(_http).FetchAsync(server.Url("/desc.xml"));

        Assert.That(description.ConnectionService.ServiceType, Is.EqualTo(WanIp1));
    }

    [Test]
    public async Task FetchAsync_NotFound_ThrowsHttpStatus()
    {
        await using var server = FakeHttpServer.Serving(new Dictionary<string, FakeHttpResponse>());

        var error = Assert.ThrowsAsync<UpnpDescriptionException>(() => new IgdDescriptionFetcher(_http).FetchAsync(server.Url("/rootDesc.xml")));

        Assert.That(error!.Reason, Is.EqualTo(DescriptionFailure.HttpStatus));
        Assert.That(error.Message, Does.Contain("404"));
        Assert.That(error.Location, Is.EqualTo(server.Url("/rootDesc.xml")));
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task FetchAsync_BodyOverTheCap_ThrowsTooLarge(bool withContentLength)
    {
        var body = new byte[IgdDescriptionParser.MaxDocumentBytes + 1];
        Array.Fill(body, (byte)' ');
        await using var server = new FakeHttpServer(_ => new FakeHttpResponse(200, "text/xml", body, withContentLength));

        var error = Assert.ThrowsAsync<UpnpDescriptionException>(() => new IgdDescriptionFetcher(_http).FetchAsync(server.Url("/big.xml")));

        Assert.That(error!.Reason, Is.EqualTo(DescriptionFailure.TooLarge));
    }

    [Test]
    public async Task FetchAsync_ServerNeverAnswers_ThrowsTimeoutWhenTheClockPassesTheTimeout()
    {
        await using var server = new FakeHttpServer(_ => FakeHttpResponse.Hang);
        var time = new FakeTimeProvider();
        var fetcher = new IgdDescriptionFetcher(_http, new DescriptionFetchOptions { Timeout = TimeSpan.FromSeconds(5) }, time);

        var fetch = fetcher.FetchAsync(server.Url("/desc.xml"));
        time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.That(fetch.IsCompleted, Is.False);
        time.Advance(TimeSpan.FromSeconds(0.1));

        var error = Assert.ThrowsAsync<UpnpDescriptionException>(() => fetch);
        Assert.That(error!.Reason, Is.EqualTo(DescriptionFailure.Timeout));
        Assert.That(error.Message, Does.Contain("5 s"));
    }

    [Test]
    public async Task FetchAsync_CallerCancels_ThrowsOperationCanceled()
    {
        await using var server = new FakeHttpServer(_ => FakeHttpResponse.Hang);
        using var cancellation = new CancellationTokenSource();
        var fetch = new IgdDescriptionFetcher(_http, timeProvider: new FakeTimeProvider()).FetchAsync(server.Url("/desc.xml"), cancellation.Token);

        await cancellation.CancelAsync();

        Assert.That(async () => await fetch, Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void FetchAsync_ConnectionRefused_ThrowsFetchFailed()
    {
        var listener = new TcpListener(LoopbackAddresses.Next(), 0);
        listener.Start();
        var closed = (IPEndPoint)listener.LocalEndpoint;
        listener.Stop();

        var error = Assert.ThrowsAsync<UpnpDescriptionException>(() => new IgdDescriptionFetcher(_http).FetchAsync(new Uri($"http://{closed}/rootDesc.xml")));

        Assert.That(error!.Reason, Is.EqualTo(DescriptionFailure.FetchFailed));
    }

    [Test]
    public async Task FetchAsync_ServedDocumentIsNotXml_ThrowsNotXml()
    {
        await using var server = new FakeHttpServer(_ => FakeHttpResponse.Xml("<html>router login"));

        var error = Assert.ThrowsAsync<UpnpDescriptionException>(() => new IgdDescriptionFetcher(_http).FetchAsync(server.Url("/")));

        Assert.That(error!.Reason, Is.EqualTo(DescriptionFailure.NotXml));
    }

    [Test]
    public async Task FetchAsync_DeviceAddressGiven_ConnectsFromIt()
    {
        await using var server = new FakeHttpServer(_ => FakeHttpResponse.Xml(IgdXml(Service(WanIp1, "/ctl"))));

        await new IgdDescriptionFetcher(_http).FetchAsync(server.Url("/desc.xml"));

        Assert.That(server.Clients.Select(c => c.Address), Is.EqualTo(new[] { _device }));
    }

    [Test]
    public void Constructor_NonPositiveTimeout_ThrowsListingTheProblem()
    {
        var error = Assert.Throws<ArgumentException>(() => new IgdDescriptionFetcher(_http, new DescriptionFetchOptions { Timeout = TimeSpan.Zero }));

        Assert.That(error!.Message, Does.Contain("Timeout"));
    }
}
