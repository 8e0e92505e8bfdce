using System.Net;
using System.Net.Sockets;
using IgdLab.Igd.Profiles;
using IgdLab.Igd.Tests.Gena;
using IgdLab.TestUtilities;

namespace IgdLab.Igd.Tests.Profiles;

/// <summary>Quirks that only show on real sockets: where SSDP replies come from, and what GENA sends.</summary>
[Category("Loopback")]
public sealed class RouterQuirksLoopbackTests
{
    private const string Igd1 = "urn:schemas-upnp-org:device:InternetGatewayDevice:1";

    [Test]
    public async Task WrongSourcePort_ReplyComesFromAnotherPortAndTheDescriptionIsOnTheSsdpPort()
    {
        await using var f = await GatewayFixture.StartAsync(RouterProfileCatalog.Standard with { Discovery = new DiscoveryPolicy { WrongSourcePort = true } });

        var (reply, from) = await SearchAsync(f.Gateway.SsdpEndPoint);
        var description = await f.Soap.Http.GetAsync(new Uri($"http://{f.Gateway.SsdpEndPoint}/rootDesc.xml"));

        Assert.That(from.Address, Is.EqualTo(f.Gateway.LanAddress));
        Assert.That(from.Port, Is.Not.EqualTo(f.Gateway.SsdpEndPoint.Port));
        Assert.That(new Uri(reply.Header("LOCATION")!).Port, Is.EqualTo(f.Gateway.SsdpEndPoint.Port));
        Assert.That(description.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task ReplySourceAddress_ReplyComesFromThatAddressWhileLocationNamesTheGateway()
    {
        var other = LoopbackAddresses.Next();
        await using var f = await GatewayFixture.StartAsync(
            RouterProfileCatalog.Standard with { Discovery = new DiscoveryPolicy { ReplySourceAddress = other.ToString() } });

        var (reply, from) = await SearchAsync(f.Gateway.SsdpEndPoint);

        Assert.That(from.Address, Is.EqualTo(other));
        Assert.That(new Uri(reply.Header("LOCATION")!).Host, Is.EqualTo(f.Gateway.LanAddress.ToString()));
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task GenaFullSet_NotifyCarriesEveryVariableWithSystemUpdateIdOne(bool fullSet)
    {
        await using var f = await GatewayFixture.StartAsync(RouterProfileCatalog.Standard with { Gena = new GenaPolicy { FullSet = fullSet } });
        await using var listener = await CallbackListener.StartAsync(f.Client);
        await SubscribeAsync(f, listener);

        await f.AddAsync(42000, 1000);
        await f.AddAsync(42001, 1001);
        await listener.NextAsync("/events");
        var second = (await listener.NextAsync("/events")).Variables.ToDictionary(v => v.Key, v => v.Value);

        Assert.That(second["PortMappingNumberOfEntries"], Is.EqualTo("2"));
        if (fullSet)
        {
            Assert.That(second.Keys, Is.SupersetOf(new[] { "ConnectionStatus", "ExternalIPAddress", "PossibleConnectionTypes" }));
            Assert.That(second["SystemUpdateID"], Is.EqualTo("1"));
        }
        else
        {
            Assert.That(second.Keys, Is.EquivalentTo(new[] { "PortMappingNumberOfEntries", "SystemUpdateID" }));
            Assert.That(second["SystemUpdateID"], Is.EqualTo("2"));
        }
    }

    [Test]
    public async Task WanChangeSilentAndLossy_DropsMappingsAndSendsNoEvent()
    {
        await using var f = await GatewayFixture.StartAsync(
            RouterProfileCatalog.Standard with { WanChange = new WanChangePolicy { KeepMappings = false, Evented = false } });
        await using var listener = await CallbackListener.StartAsync(f.Client);
        await SubscribeAsync(f, listener);
        await f.AddAsync(42000, 1000);
        await listener.NextAsync("/events");

        await f.Gateway.ApplyFaultAsync(new IgdLab.Igd.Faults.ChangeWanIp());
        await f.AddAsync(42001, 1001);
        var removed = (await listener.NextAsync("/events")).Variables.ToDictionary(v => v.Key, v => v.Value);
        var added = (await listener.NextAsync("/events")).Variables.ToDictionary(v => v.Key, v => v.Value);

        Assert.That(f.Gateway.Mappings.Select(m => m.ExternalPort), Is.EqualTo(new[] { 42001 }), "the old mapping went with the old address");
        Assert.That(removed.Keys.Concat(added.Keys), Does.Not.Contain("ExternalIPAddress").And.Not.Contain("ConnectionStatus"), "no event told of the change");
        Assert.That(removed["PortMappingNumberOfEntries"], Is.EqualTo("0"));
        Assert.That(added["PortMappingNumberOfEntries"], Is.EqualTo("1"));
    }

    [Test]
    public async Task WanChangeDefault_KeepsMappingsOnTheNewAddress()
    {
        await using var f = await GatewayFixture.StartAsync();
        await f.AddAsync(42000, 1000);

        await f.Gateway.ApplyFaultAsync(new IgdLab.Igd.Faults.ChangeWanIp());

        Assert.That(f.Gateway.Mappings.Select(m => m.ExternalPort), Is.EqualTo(new[] { 42000 }));
    }

    // Subscribes to the connection service's events and takes the initial event.
    private static async Task SubscribeAsync(GatewayFixture f, CallbackListener listener)
    {
        using var subscribe = new HttpRequestMessage(new HttpMethod("SUBSCRIBE"), f.Gateway.EventUrl);
        subscribe.Headers.TryAddWithoutValidation("CALLBACK", listener.Callback("/events"));
        subscribe.Headers.TryAddWithoutValidation("NT", "upnp:event");
        using var reply = await f.Soap.Http.SendAsync(subscribe);
        Assert.That(reply.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await listener.NextAsync("/events");
    }

    private static async Task<(SsdpMessage Reply, IPEndPoint From)> SearchAsync(IPEndPoint responder)
    {
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        await udp.SendAsync(SsdpSearch.Build(Igd1, mx: null, host: responder.ToString()), responder);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var received = await udp.ReceiveAsync(timeout.Token);
        Assert.That(SsdpMessage.TryParse(received.Buffer, out var message), Is.True);
        return (message!, received.RemoteEndPoint);
    }
}
