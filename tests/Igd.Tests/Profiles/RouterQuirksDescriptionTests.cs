using System.Net;
using System.Text;
using System.Xml.Linq;
using IgdLab.Igd.Profiles;

namespace IgdLab.Igd.Tests.Profiles;

/// <summary>The description quirks and WANPPPConnection:1, as a client meets them on loopback.</summary>
[Category("Loopback")]
public sealed class RouterQuirksDescriptionTests
{
    private const string Ppp1 = "urn:schemas-upnp-org:service:WANPPPConnection:1";
    private static readonly XNamespace Device = "urn:schemas-upnp-org:device-1-0";

    private static RouterProfile WithDescription(DescriptionPolicy description) => RouterProfileCatalog.Standard with { Description = description };

    [Test]
    public async Task PppOnly_OffersOnlyWanPppConnectionAndItMapsAndForwards()
    {
        await using var f = await GatewayFixture.StartAsync(WithDescription(new DescriptionPolicy { ConnectionServices = [ConnectionService.Ppp] }));
        using var service = new System.Net.Sockets.TcpListener(f.Client, 0);
        service.Start();
        var internalPort = ((IPEndPoint)service.LocalEndpoint).Port;

        var types = ServiceTypes(await RouterQuirksSoapTests.DescriptionAsync(f));
        var add = await f.Soap.CallAsync(
            f.Gateway.ControlUrl,
            Ppp1,
            "AddPortMapping",
            ("NewRemoteHost", ""), ("NewExternalPort", 42000), ("NewProtocol", "TCP"), ("NewInternalPort", internalPort),
            ("NewInternalClient", f.Client.ToString()), ("NewEnabled", 1), ("NewPortMappingDescription", "ppp"), ("NewLeaseDuration", 3600));
        using var outside = new System.Net.Sockets.TcpClient();
        await outside.ConnectAsync(f.Gateway.WanAddress, 42000);
        using var accepted = await service.AcceptTcpClientAsync();

        Assert.That(types, Does.Contain(Ppp1));
        Assert.That(types.Where(t => t.Contains("WANIPConnection", StringComparison.Ordinal)), Is.Empty);
        Assert.That(f.Gateway.ControlUrl.AbsolutePath, Is.EqualTo("/ctl/PPPConn"));
        Assert.That(add.ErrorCode, Is.Null);
        Assert.That(accepted.Connected, Is.True);
        service.Stop();
    }

    [Test]
    public async Task IpAndPpp_ShareOneTable()
    {
        await using var f = await GatewayFixture.StartAsync(WithDescription(new DescriptionPolicy { ConnectionServices = [ConnectionService.Ip, ConnectionService.Ppp] }));
        var pppControl = new Uri(f.Gateway.ControlUrl, "/ctl/PPPConn");

        var add = await f.Soap.CallAsync(
            pppControl,
            Ppp1,
            "AddPortMapping",
            ("NewRemoteHost", ""), ("NewExternalPort", 42000), ("NewProtocol", "TCP"), ("NewInternalPort", 1000),
            ("NewInternalClient", f.Client.ToString()), ("NewEnabled", 1), ("NewPortMappingDescription", "ppp"), ("NewLeaseDuration", 3600));
        var listedOverIp = await f.CallAsync("GetGenericPortMappingEntry", ("NewPortMappingIndex", 0));
        var types = ServiceTypes(await RouterQuirksSoapTests.DescriptionAsync(f));

        Assert.That(add.ErrorCode, Is.Null);
        Assert.That(listedOverIp["NewExternalPort"], Is.EqualTo("42000"));
        Assert.That(types, Does.Contain(Ppp1).And.Contain(GatewayFixture.WanIp2));
    }

    [Test]
    public async Task PppService_Ipv2OnlyActions_AreInvalid()
    {
        await using var f = await GatewayFixture.StartAsync(WithDescription(new DescriptionPolicy { ConnectionServices = [ConnectionService.Ppp] }));

        var reply = await f.Soap.CallAsync(f.Gateway.ControlUrl, Ppp1, "AddAnyPortMapping", ("NewExternalPort", 42000));

        Assert.That(reply.ErrorCode, Is.EqualTo(401), "WANPPPConnection:1 has no IGD:2 actions");
    }

    [Test]
    public async Task DslforumUrns_DeviceAndServiceTypesUseTheTr064Domain()
    {
        await using var f = await GatewayFixture.StartAsync(WithDescription(new DescriptionPolicy
        {
            ConnectionServices = [ConnectionService.Ppp],
            UrnDomain = UrnDomain.DslforumOrg,
        }));

        var description = await RouterQuirksSoapTests.DescriptionAsync(f);
        var add = await f.Soap.CallAsync(f.Gateway.ControlUrl, "urn:dslforum-org:service:WANPPPConnection:1", "GetExternalIPAddress");

        Assert.That(description.Descendants(Device + "deviceType").Select(e => e.Value), Is.All.StartWith("urn:dslforum-org:device:"));
        Assert.That(ServiceTypes(description), Does.Contain("urn:dslforum-org:service:WANPPPConnection:1"));
        Assert.That(add.ErrorCode, Is.Null, "the router itself speaks its own URNs");
    }

    [Test]
    public async Task MisadvertisedService_IpControlUrlListedAsPpp2AndAnswersEitherName()
    {
        await using var f = await GatewayFixture.StartAsync(
            WithDescription(new DescriptionPolicy { MisadvertisedService = true }) with { IgdVersion = 1 });

        var service = (await RouterQuirksSoapTests.DescriptionAsync(f)).Descendants(Device + "service")
            .Single(s => s.Element(Device + "controlURL")!.Value == "/ctl/IPConn");
        var asPpp2 = await f.Soap.CallAsync(f.Gateway.ControlUrl, "urn:schemas-upnp-org:service:WANPPPConnection:2", "GetExternalIPAddress");
        var asIp1 = await f.CallAsync("GetExternalIPAddress");

        Assert.That(service.Element(Device + "serviceType")!.Value, Is.EqualTo("urn:schemas-upnp-org:service:WANPPPConnection:2"));
        Assert.That(asPpp2.ErrorCode, Is.Null);
        Assert.That(asIp1.ErrorCode, Is.Null);
    }

    [Test]
    public async Task QueryControlUrls_ServicesAreToldApartByQueryString()
    {
        await using var f = await GatewayFixture.StartAsync(WithDescription(new DescriptionPolicy { ControlUrls = ControlUrlStyle.Query }));

        var controls = (await RouterQuirksSoapTests.DescriptionAsync(f)).Descendants(Device + "controlURL").Select(e => e.Value).ToList();
        var viaQuery = await f.CallAsync("GetExternalIPAddress");
        var common = await f.Soap.CallAsync(
            new Uri(f.Gateway.ControlUrl, "/control?WANCommonInterfaceConfig"), "urn:schemas-upnp-org:service:WANCommonInterfaceConfig:1", "GetTotalBytesSent");
        var unknown = await f.Soap.CallAsync(new Uri(f.Gateway.ControlUrl, "/control?Nothing"), GatewayFixture.WanIp2, "GetExternalIPAddress");

        Assert.That(controls, Does.Contain("/control?WANIPConnection"));
        Assert.That(f.Gateway.ControlUrl.PathAndQuery, Is.EqualTo("/control?WANIPConnection"));
        Assert.That(viaQuery.ErrorCode, Is.Null);
        Assert.That(common.ErrorCode, Is.Null);
        Assert.That(unknown.Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task OtherPortControlUrls_LocationPortServesOnlyTheDescription()
    {
        await using var f = await GatewayFixture.StartAsync(WithDescription(new DescriptionPolicy { ControlUrls = ControlUrlStyle.OtherPort }));

        var description = await RouterQuirksSoapTests.DescriptionAsync(f);
        var control = new Uri(description.Descendants(Device + "controlURL").Select(e => e.Value).Single(v => v.EndsWith("/ctl/IPConn", StringComparison.Ordinal)));
        var viaDescriptionPort = await f.Soap.CallAsync(new Uri(f.Gateway.DescriptionUrl, "/ctl/IPConn"), GatewayFixture.WanIp2, "GetExternalIPAddress");
        var viaControlUrl = await f.Soap.CallAsync(control, GatewayFixture.WanIp2, "GetExternalIPAddress");

        Assert.That(description.Root!.Element(Device + "URLBase")!.Value, Does.Contain($":{control.Port}"));
        Assert.That(control.Port, Is.Not.EqualTo(f.Gateway.DescriptionUrl.Port));
        Assert.That(viaDescriptionPort.Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(viaControlUrl.ErrorCode, Is.Null);
        Assert.That(f.Gateway.ControlUrl, Is.EqualTo(control));
    }

    [Test]
    public async Task UrlBaseElsewhere_NamesTheWanAddress()
    {
        await using var f = await GatewayFixture.StartAsync(WithDescription(new DescriptionPolicy { ControlUrls = ControlUrlStyle.UrlBaseElsewhere }));

        var urlBase = new Uri((await RouterQuirksSoapTests.DescriptionAsync(f)).Root!.Element(Device + "URLBase")!.Value);

        Assert.That(urlBase.Host, Is.EqualTo(f.Gateway.WanAddress.ToString()));
        Assert.That(urlBase.Host, Is.Not.EqualTo(f.Gateway.LanAddress.ToString()));
    }

    [Test]
    public async Task InvalidUtf8_DescriptionBytesAreNotUtf8()
    {
        await using var quirky = await GatewayFixture.StartAsync(WithDescription(new DescriptionPolicy { InvalidUtf8 = true }));
        await using var plain = await GatewayFixture.StartAsync();
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        var bad = await quirky.Soap.Http.GetByteArrayAsync(quirky.Gateway.DescriptionUrl);
        var good = await plain.Soap.Http.GetByteArrayAsync(plain.Gateway.DescriptionUrl);

        Assert.That(() => strict.GetString(bad), Throws.InstanceOf<DecoderFallbackException>());
        Assert.That(() => strict.GetString(good), Throws.Nothing);
    }

    private static List<string> ServiceTypes(XDocument description) =>
        [.. description.Descendants(Device + "serviceType").Select(e => e.Value)];
}
