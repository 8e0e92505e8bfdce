using System.Net;
using System.Net.Sockets;
using System.Text;
using IgdLab.Igd.Faults;
using IgdLab.Igd.Tests.Gena;

namespace IgdLab.Igd.Tests;

/// <summary>The gateway's GENA and SSDP sides as clients meet them, end to end on loopback.</summary>
[Category("Loopback")]
public sealed class VirtualGatewayEventingTests
{
    private const string CallbackPath = "/events";

    [Test]
    public async Task Subscribe_WanChange_NotifiesDisconnectThenNewAddress()
    {
        await using var f = await GatewayFixture.StartAsync();
        await using var listener = await CallbackListener.StartAsync(f.Client);

        using var subscribe = new HttpRequestMessage(new HttpMethod("SUBSCRIBE"), f.Gateway.EventUrl);
        subscribe.Headers.TryAddWithoutValidation("CALLBACK", listener.Callback(CallbackPath));
        subscribe.Headers.TryAddWithoutValidation("NT", "upnp:event");
        subscribe.Headers.TryAddWithoutValidation("TIMEOUT", "Second-1800");
        using var reply = await f.Soap.Http.SendAsync(subscribe);
        Assert.That(reply.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(f.Gateway.EventSubscriptions, Is.EqualTo(1));

        var initial = await listener.NextAsync(CallbackPath);
        Assert.That(initial.Seq, Is.Zero);
        var variables = initial.Variables.ToDictionary(v => v.Key, v => v.Value);
        Assert.That(variables["ExternalIPAddress"], Is.EqualTo(f.Gateway.WanAddress.ToString()));
        Assert.That(variables["ConnectionStatus"], Is.EqualTo("Connected"));
        Assert.That(variables["PortMappingNumberOfEntries"], Is.EqualTo("0"));

        await f.Gateway.ApplyFaultAsync(new ChangeWanIp());

        var newAddress = f.Gateway.WanAddress;

        var down = await listener.NextAsync(CallbackPath);
        Assert.That(down.Seq, Is.EqualTo(1));
        Assert.That(down.Variables, Is.EqualTo(new[] { KeyValuePair.Create("ConnectionStatus", "Disconnected") }));
        var up = await listener.NextAsync(CallbackPath);
        Assert.That(up.Seq, Is.EqualTo(2));
        Assert.That(
            up.Variables,
            Is.EqualTo(new[] { KeyValuePair.Create("ExternalIPAddress", newAddress.ToString()), KeyValuePair.Create("ConnectionStatus", "Connected") }));
    }

    [Test]
    public async Task Subscribe_MappingAdded_NotifiesNumberOfEntries()
    {
        await using var f = await GatewayFixture.StartAsync();
        await using var listener = await CallbackListener.StartAsync(f.Client);
        using var subscribe = new HttpRequestMessage(new HttpMethod("SUBSCRIBE"), f.Gateway.EventUrl);
        subscribe.Headers.TryAddWithoutValidation("CALLBACK", listener.Callback(CallbackPath));
        subscribe.Headers.TryAddWithoutValidation("NT", "upnp:event");
        using var reply = await f.Soap.Http.SendAsync(subscribe);
        await listener.NextAsync(CallbackPath);

        await f.AddAsync(42000, 1000);

        var change = (await listener.NextAsync(CallbackPath)).Variables.ToDictionary(v => v.Key, v => v.Value);
        Assert.That(change["PortMappingNumberOfEntries"], Is.EqualTo("1"));
        Assert.That(change, Does.ContainKey("SystemUpdateID"));
    }

    [Test]
    public async Task Subscribe_CallbackToAnotherHost_IsRefused()
    {
        await using var f = await GatewayFixture.StartAsync();
        await using var victim = await CallbackListener.StartAsync(IgdLab.TestUtilities.LoopbackAddresses.Next());
        using var subscribe = new HttpRequestMessage(new HttpMethod("SUBSCRIBE"), f.Gateway.EventUrl);
        subscribe.Headers.TryAddWithoutValidation("CALLBACK", victim.Callback(CallbackPath));
        subscribe.Headers.TryAddWithoutValidation("NT", "upnp:event");
        using var reply = await f.Soap.Http.SendAsync(subscribe);
        Assert.That(reply.StatusCode, Is.EqualTo(HttpStatusCode.PreconditionFailed));
        Assert.That(f.Gateway.EventSubscriptions, Is.Zero);
    }

    [Test]
    public async Task Ssdp_GarbageDatagramsAreCountedAndSearchesStillAnswered()
    {
        await using var f = await GatewayFixture.StartAsync();
        using var client = new UdpClient(new IPEndPoint(f.Client, 0));
        var target = f.Gateway.SsdpEndPoint;
        await client.SendAsync(new byte[] { 0, 1, 2, 3, 255 }, target);
        await client.SendAsync(Encoding.ASCII.GetBytes("M-SEARCH * HTTP/1.1\r\nST: \r\n\r\n"), target);
        await client.SendAsync(new byte[9000], target);

        var search = $"M-SEARCH * HTTP/1.1\r\nHOST: {target}\r\nMAN: \"ssdp:discover\"\r\nMX: 1\r\nST: urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\n\r\n";
        await client.SendAsync(Encoding.ASCII.GetBytes(search), target);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var reply = Encoding.ASCII.GetString((await client.ReceiveAsync(cts.Token)).Buffer);

        Assert.That(reply, Does.StartWith("HTTP/1.1 200 OK"));
        Assert.That(reply, Does.Contain($"LOCATION: {f.Gateway.DescriptionUrl}"));
        Assert.That(reply, Does.Contain("ST: urn:schemas-upnp-org:device:InternetGatewayDevice:1"));
        Assert.That(reply, Does.Contain("BOOTID.UPNP.ORG: 1"));
        Assert.That(f.Gateway.DroppedSsdpDatagrams, Is.GreaterThanOrEqualTo(2));
    }

    [Test]
    public async Task Ssdp_AfterRebootOnNewPort_ReportsNewLocationAndBootId()
    {
        await using var f = await GatewayFixture.StartAsync();
        await f.Gateway.ApplyFaultAsync(new Reboot { NewHttpPort = true });
        using var client = new UdpClient(new IPEndPoint(f.Client, 0));
        var search = $"M-SEARCH * HTTP/1.1\r\nHOST: {f.Gateway.SsdpEndPoint}\r\nMAN: \"ssdp:discover\"\r\nMX: 1\r\nST: upnp:rootdevice\r\n\r\n";
        await client.SendAsync(Encoding.ASCII.GetBytes(search), f.Gateway.SsdpEndPoint);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var reply = Encoding.ASCII.GetString((await client.ReceiveAsync(cts.Token)).Buffer);
        Assert.That(reply, Does.Contain($"LOCATION: {f.Gateway.DescriptionUrl}"));
        Assert.That(reply, Does.Contain("BOOTID.UPNP.ORG: 2"));
    }

    [Test]
    public async Task Ssdp_UpnpDisabled_NoAnswer()
    {
        await using var f = await GatewayFixture.StartAsync();
        await f.Gateway.ApplyFaultAsync(new DisableUpnp());
        using var client = new UdpClient(new IPEndPoint(f.Client, 0));
        var search = $"M-SEARCH * HTTP/1.1\r\nHOST: {f.Gateway.SsdpEndPoint}\r\nMAN: \"ssdp:discover\"\r\nMX: 1\r\nST: ssdp:all\r\n\r\n";
        await client.SendAsync(Encoding.ASCII.GetBytes(search), f.Gateway.SsdpEndPoint);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        Assert.That(async () => await client.ReceiveAsync(cts.Token), Throws.InstanceOf<OperationCanceledException>());
    }
}
