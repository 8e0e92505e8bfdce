using System.Net;
using System.Text;
using IgdLab.Igd.Description;
using IgdLab.Igd.Profiles;
using IgdLab.Igd.Ssdp;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace IgdLab.Igd.Tests.Ssdp;

/// <summary>The discovery quirks of router profiles over a <see cref="FakeSsdpSocket"/>: timing, targets and headers.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class SsdpDiscoveryQuirksTests
{
    private const string Igd1 = "urn:schemas-upnp-org:device:InternetGatewayDevice:1";
    private const string Igd2 = "urn:schemas-upnp-org:device:InternetGatewayDevice:2";
    private static readonly IPAddress LanAddress = IPAddress.Parse("127.0.0.1");
    private static readonly IPEndPoint ControlPoint = new(IPAddress.Parse("127.0.0.1"), 50000);

    private readonly TestDescriptionSource _source = new(2);
    private readonly FakeTimeProvider _time = new();
    private readonly FakeSsdpSocketFactory _sockets = new();
    private readonly SsdpResponder _responder;

    public SsdpDiscoveryQuirksTests() =>
        _responder = new SsdpResponder(_source, _time, NullLogger.Instance, seed: 7, _sockets);

    private FakeSsdpSocket Socket => _sockets.Socket!;

    [TearDown]
    public async Task TearDown() => await _responder.DisposeAsync();

    [Test]
    public async Task ImmediateReply_GroupSearch_IsAnsweredWithoutWaitingForMx()
    {
        await StartAsync(new DiscoveryPolicy { ReplyDelay = SsdpReplyTiming.Immediate });

        await _responder.HandleDatagramAsync(Search(Igd1, mx: 5), ControlPoint, toMulticastGroup: true, CancellationToken.None);

        Assert.That(Socket.TakeSent().Select(d => d.Message.SearchTarget), Is.EqualTo(new[] { Igd1 }));
    }

    [Test]
    public async Task SlowReply_UnicastSearch_IsAnsweredOnlyAfterFiveToTenSeconds()
    {
        await StartAsync(new DiscoveryPolicy { ReplyDelay = SsdpReplyTiming.Slow });

        await _responder.HandleDatagramAsync(Search(Igd1), ControlPoint, toMulticastGroup: false, CancellationToken.None);
        var atOnce = Socket.TakeSent();
        _time.Advance(TimeSpan.FromSeconds(4.9));
        var early = Socket.TakeSent();
        _time.Advance(TimeSpan.FromSeconds(5.2));
        var reply = await Socket.NextSentAsync();

        Assert.That(atOnce, Is.Empty);
        Assert.That(early, Is.Empty);
        Assert.That(reply.Message.SearchTarget, Is.EqualTo(Igd1));
    }

    [Test]
    public async Task NotifyOnly_NoSearchIsEverAnswered()
    {
        await StartAsync(new DiscoveryPolicy { ReplyDelay = SsdpReplyTiming.NotifyOnly });

        await _responder.HandleDatagramAsync(Search(Igd1), ControlPoint, toMulticastGroup: false, CancellationToken.None);
        await _responder.HandleDatagramAsync(Search(Igd1, mx: 2), ControlPoint, toMulticastGroup: true, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(30));
        await _responder.AnnounceAliveAsync();

        var sent = Socket.TakeSent();
        Assert.That(sent, Is.Not.Empty, "the router still announces itself");
        Assert.That(sent.Select(d => d.Message.Kind), Is.All.EqualTo(SsdpMessageKind.Notify));
        Assert.That(_responder.AnsweredSearches, Is.Zero);
    }

    [Test]
    public async Task MulticastOnly_UnicastSearchIgnoredGroupSearchAnswered()
    {
        await StartAsync(new DiscoveryPolicy { UnicastSearch = false, ReplyDelay = SsdpReplyTiming.Immediate });

        await _responder.HandleDatagramAsync(Search(Igd1), ControlPoint, toMulticastGroup: false, CancellationToken.None);
        var unicast = Socket.TakeSent();
        await _responder.HandleDatagramAsync(Search(Igd1, mx: 1), ControlPoint, toMulticastGroup: true, CancellationToken.None);

        Assert.That(unicast, Is.Empty);
        Assert.That(Socket.TakeSent(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task SsdpAllNonIgdOnly_AnswersWithOneMediaServer()
    {
        var location = new Uri("http://127.0.0.1:49152/mediaDesc.xml");
        _source.Current = _source.Current with { NonIgdLocation = location };
        await StartAsync(new DiscoveryPolicy { SsdpAll = SsdpAllAnswer.NonIgdOnly });

        await _responder.HandleDatagramAsync(Search("ssdp:all"), ControlPoint, toMulticastGroup: false, CancellationToken.None);
        await _responder.HandleDatagramAsync(Search(Igd1), ControlPoint, toMulticastGroup: false, CancellationToken.None);

        var sent = Socket.TakeSent().Select(d => d.Message).ToList();
        Assert.That(sent, Has.Count.EqualTo(2));
        Assert.That(sent[0].SearchTarget, Is.EqualTo(DescriptionWriter.NonIgdDeviceType));
        Assert.That(sent[0].Header("LOCATION"), Is.EqualTo(location.ToString()));
        Assert.That(sent[1].SearchTarget, Is.EqualTo(Igd1), "a search for the IGD itself still finds it");
    }

    [Test]
    public async Task OldStEcho_Igd1RouterAnswersAnIgd2SearchWithTheV1Target()
    {
        _source.Current = TestDescriptionSource.Create(1);
        await StartAsync(new DiscoveryPolicy { OldStEcho = true });

        await _responder.HandleDatagramAsync(Search(Igd2), ControlPoint, toMulticastGroup: false, CancellationToken.None);

        Assert.That(Socket.TakeSent().Select(d => d.Message.SearchTarget), Is.EqualTo(new[] { Igd1 }));
    }

    [Test]
    public async Task DualIgd_AnIgd1SearchGetsTwoRepliesWithDifferentLocations()
    {
        var twinLocation = new Uri("http://127.0.0.1:49152/rootDesc1.xml");
        var twin = DeviceTreeBuilder.Build(RouterProfileCatalog.Standard, 1, Guid.Parse("11111111-2222-4333-8444-555555555555"));
        _source.Current = _source.Current with { Twin = (twin, twinLocation) };
        await StartAsync(new DiscoveryPolicy { DualIgd = true });

        await _responder.HandleDatagramAsync(Search(Igd1), ControlPoint, toMulticastGroup: false, CancellationToken.None);

        var locations = Socket.TakeSent().Select(d => d.Message.Header("LOCATION")).ToList();
        Assert.That(locations, Is.EquivalentTo(new[] { _source.Current.Location.ToString(), twinLocation.ToString() }));
    }

    [Test]
    public async Task OddHeaders_TrailingSpaceEmptyServerAndBareUsn()
    {
        await StartAsync(new DiscoveryPolicy
        {
            OddHeaders = new OddHeaders { StatusLineTrailingSpace = true, EmptyServer = true, NonUuidUsn = true },
        });

        await _responder.HandleDatagramAsync(Search(Igd1), ControlPoint, toMulticastGroup: false, CancellationToken.None);

        var text = Encoding.ASCII.GetString(Socket.TakeSent().Single().Bytes);
        Assert.That(text, Does.StartWith("HTTP/1.1 200 OK \r\n"));
        Assert.That(text, Does.Contain("\r\nSERVER:\r\n"));
        Assert.That(text, Does.Match("\r\nUSN: [^u][^\r]*::urn:"));
    }

    private static byte[] Search(string searchTarget, int? mx = null) => SsdpSearch.Build(searchTarget, mx);

    private async Task StartAsync(DiscoveryPolicy policy)
    {
        _source.Current = _source.Current with { Discovery = policy };
        await _responder.StartAsync(LanAddress, 0, multicast: true, CancellationToken.None);
        Socket.TakeSent();
    }
}
