using System.Net;
using System.Text;
using IgdLab.Igd.Ssdp;
using Microsoft.Extensions.Logging.Abstractions;

namespace IgdLab.Igd.Tests.Ssdp;

/// <summary>The responder in unicast mode on a real UDP socket on 127.0.0.1, searched by a real client.</summary>
[Category("Loopback")]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class SsdpResponderTests
{
    private const string Device = "urn:schemas-upnp-org:device:";
    private const string Service = "urn:schemas-upnp-org:service:";
    private static readonly TimeSpan Silence = TimeSpan.FromMilliseconds(300);

    private readonly TestDescriptionSource _source = new(2);
    private readonly SsdpTestClient _client = new();
    private readonly SsdpResponder _responder;

    public SsdpResponderTests() =>
        _responder = new SsdpResponder(_source, TimeProvider.System, NullLogger.Instance, seed: 1);

    private IPEndPoint Target => _responder.LocalEndPoint;

    [SetUp]
    public Task SetUp() => _responder.StartAsync(IPAddress.Loopback, 0, multicast: false, CancellationToken.None);

    [TearDown]
    public async Task TearDown()
    {
        await _responder.DisposeAsync();
        _client.Dispose();
    }

    [Test]
    public void StartAsync_UnicastOnPortZero_BindsAnEphemeralPortOnTheLanAddress()
    {
        Assert.That(Target.Address, Is.EqualTo(IPAddress.Loopback));
        Assert.That(Target.Port, Is.Not.Zero);
        Assert.That(_responder.IsMulticast, Is.False);
    }

    [Test]
    public async Task Search_RootDevice_RepliesWithRootDeviceUsn()
    {
        await _client.SearchAsync(Target, "upnp:rootdevice");
        var reply = await _client.ReceiveAsync();

        Assert.That(reply.Kind, Is.EqualTo(SsdpMessageKind.Response));
        Assert.That(reply.SearchTarget, Is.EqualTo("upnp:rootdevice"));
        Assert.That(reply.Header("USN"), Is.EqualTo($"{_source.Udns[0]}::upnp:rootdevice"));
    }

    [TestCase(Device + "InternetGatewayDevice:2", 0)]
    [TestCase(Device + "WANDevice:2", 1)]
    [TestCase(Device + "WANConnectionDevice:2", 2)]
    [TestCase(Service + "WANIPConnection:2", 2)]
    [TestCase(Service + "WANCommonInterfaceConfig:1", 1)]
    [TestCase(Service + "Layer3Forwarding:1", 0)]
    public async Task Search_ServedType_RepliesWithThatStAndTheOwnersUsn(string searchTarget, int owner)
    {
        await _client.SearchAsync(Target, searchTarget);
        var reply = await _client.ReceiveAsync();

        Assert.That(reply.SearchTarget, Is.EqualTo(searchTarget));
        Assert.That(reply.Header("USN"), Is.EqualTo($"{_source.Udns[owner]}::{searchTarget}"));
    }

    [TestCase(Device + "InternetGatewayDevice:1")]
    [TestCase(Service + "WANIPConnection:1")]
    [TestCase(Device + "WANDevice:1")]
    public async Task Search_OlderVersionThanServed_EchoesTheRequestedVersion(string searchTarget)
    {
        await _client.SearchAsync(Target, searchTarget);
        var reply = await _client.ReceiveAsync();

        Assert.That(reply.SearchTarget, Is.EqualTo(searchTarget));
        Assert.That(reply.SearchTarget, Does.EndWith(":1"));
        Assert.That(reply.Header("USN"), Does.EndWith("::" + searchTarget));
    }

    [TestCase(Device + "InternetGatewayDevice:3")]
    [TestCase(Service + "WANIPConnection:3")]
    [TestCase(Service + "WANCommonInterfaceConfig:2")]
    [TestCase(Service + "WANPPPConnection:1")]
    [TestCase("uuid:00000000-0000-0000-0000-000000000000")]
    public async Task Search_HigherVersionOrUnservedTarget_NoReply(string searchTarget)
    {
        await _client.SearchAsync(Target, searchTarget);
        await _client.SearchAsync(Target, "upnp:rootdevice");

        // Datagrams are handled in order, so the first reply shows whether the first search got one.
        var first = await _client.ReceiveAsync();

        Assert.That(first.SearchTarget, Is.EqualTo("upnp:rootdevice"));
        Assert.That(await _client.ReceiveAsync(Silence), Is.Null);
        Assert.That(_responder.AnsweredSearches, Is.EqualTo(1));
    }

    [Test]
    public async Task Search_Igd2AgainstIgd1Device_NoReply()
    {
        await _responder.StopAsync();
        _source.Current = TestDescriptionSource.Create(igdVersion: 1);
        await _responder.StartAsync(IPAddress.Loopback, 0, multicast: false, CancellationToken.None);

        await _client.SearchAsync(Target, Device + "InternetGatewayDevice:2");
        await _client.SearchAsync(Target, Device + "InternetGatewayDevice:1");
        var first = await _client.ReceiveAsync();

        Assert.That(first.SearchTarget, Is.EqualTo(Device + "InternetGatewayDevice:1"));
    }

    [Test]
    public async Task Search_SsdpAll_RepliesOncePerAdvertisement()
    {
        var expected = SsdpSearchTargets.Advertisements(_source.Root);

        await _client.SearchAsync(Target, "ssdp:all");
        var replies = new List<SsdpMessage>();
        for (var i = 0; i < expected.Count; i++)
        {
            replies.Add(await _client.ReceiveAsync());
        }

        Assert.That(expected, Has.Count.EqualTo(10));
        Assert.That(
            replies.Select(r => new SsdpAdvertisement(r.SearchTarget!, r.Header("USN")!)),
            Is.EquivalentTo(expected));
        Assert.That(await _client.ReceiveAsync(Silence), Is.Null);
        Assert.That(_responder.AnsweredSearches, Is.EqualTo(1));
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(2)]
    public async Task Search_Uuid_RepliesWithTheBareUdn(int device)
    {
        var udn = _source.Udns[device];

        await _client.SearchAsync(Target, udn);
        var reply = await _client.ReceiveAsync();

        Assert.That(reply.SearchTarget, Is.EqualTo(udn));
        Assert.That(reply.Header("USN"), Is.EqualTo(udn));
    }

    [Test]
    public async Task Search_Igd_ReplyCarriesEveryRequiredHeader()
    {
        await _client.SearchAsync(Target, Device + "InternetGatewayDevice:2");
        var reply = await _client.ReceiveAsync();

        Assert.That(reply.Header("CACHE-CONTROL"), Is.EqualTo("max-age=1800"));
        Assert.That(reply.Header("EXT"), Is.Empty);
        Assert.That(reply.Header("LOCATION"), Is.EqualTo("http://127.0.0.1:49152/rootDesc.xml"));
        Assert.That(reply.Header("SERVER"), Is.EqualTo("Linux/6.0 UPnP/1.1 IgdLab/1.0"));
        Assert.That(reply.Header("BOOTID.UPNP.ORG"), Is.EqualTo("1"));
        Assert.That(reply.Header("CONFIGID.UPNP.ORG"), Is.EqualTo("1"));
    }

    [Test]
    public async Task Search_AfterReboot_ReplyReflectsCurrentLocationAndBootId()
    {
        _source.Current = _source.Current with
        {
            Location = new Uri("http://127.0.0.1:50123/rootDesc.xml"),
            BootId = 1_700_000_000,
            ConfigId = 5,
        };

        await _client.SearchAsync(Target, "upnp:rootdevice");
        var reply = await _client.ReceiveAsync();

        Assert.That(reply.Header("LOCATION"), Is.EqualTo("http://127.0.0.1:50123/rootDesc.xml"));
        Assert.That(reply.Header("BOOTID.UPNP.ORG"), Is.EqualTo("1700000000"));
        Assert.That(reply.Header("CONFIGID.UPNP.ORG"), Is.EqualTo("5"));
    }

    [Test]
    public async Task Search_WhileUpnpOff_NoReply()
    {
        _source.Current = _source.Current with { IsEnabled = false };

        await _client.SearchAsync(Target, "ssdp:all");

        Assert.That(await _client.ReceiveAsync(Silence), Is.Null);
        Assert.That(_responder.AnsweredSearches, Is.Zero);
    }

    [Test]
    public async Task Search_AfterGarbage_StillAnsweredAndGarbageCounted()
    {
        byte[][] garbage =
        [
            [0x00, 0xFF, 0x10, 0x80],
            Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
            Encoding.ASCII.GetBytes("M-SEARCH * HTTP/1.1\r\nMX: 1\r\n\r\n"),
            Encoding.ASCII.GetBytes("ST: ssdp:all\r\n\r\n"),
            Encoding.UTF8.GetBytes("M-SEARCH * HTTP/1.1\r\nST: ü\r\n\r\n"),
            Encoding.ASCII.GetBytes("M-SEARCH * HTTP/1.1\r\nST: ssdp:all\r\nX: " + new string('a', 9000) + "\r\n\r\n"),
            [],
        ];
        foreach (var datagram in garbage)
        {
            await _client.SendAsync(datagram, Target);
        }

        await _client.SearchAsync(Target, "upnp:rootdevice");
        var reply = await _client.ReceiveAsync();

        Assert.That(reply.SearchTarget, Is.EqualTo("upnp:rootdevice"));
        Assert.That(_responder.DroppedDatagrams, Is.EqualTo(garbage.Length));
        Assert.That(_responder.AnsweredSearches, Is.EqualTo(1));
    }

    [Test]
    public async Task Search_Notify_IgnoredWithoutCountingADrop()
    {
        var alive = SsdpMessages.AliveNotify(SsdpSearchTargets.Advertisements(_source.Root)[0], _source.Current);

        await _client.SendAsync(alive, Target);
        await _client.SearchAsync(Target, "upnp:rootdevice");
        var reply = await _client.ReceiveAsync();

        Assert.That(reply.SearchTarget, Is.EqualTo("upnp:rootdevice"));
        Assert.That(_responder.DroppedDatagrams, Is.Zero);
    }

    [Test]
    public async Task Search_ReplyGoesToTheSearchersSourcePort()
    {
        using var other = new SsdpTestClient();

        await other.SearchAsync(Target, "upnp:rootdevice");

        Assert.That(await other.ReceiveAsync(), Is.Not.Null);
        Assert.That(await _client.ReceiveAsync(Silence), Is.Null);
    }

    [Test]
    public async Task StopAsync_ThenSearch_NoReply()
    {
        var target = Target;
        await _responder.StopAsync();

        await _client.SearchAsync(target, "upnp:rootdevice");

        Assert.That(await _client.ReceiveAsync(Silence), Is.Null);
    }
}
