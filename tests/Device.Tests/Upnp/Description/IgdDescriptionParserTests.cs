using System.Text;
using IgdLab.Device.Upnp.Description;
using static IgdLab.Device.Tests.Upnp.Description.DescriptionSamples;

namespace IgdLab.Device.Tests.Upnp.Description;

/// <summary>The description parser on three real routers' files and on crafted quirks.</summary>
public sealed class IgdDescriptionParserTests
{
    [TestCase("linksys-wag200g_desc", "http://192.168.1.1:49152/rootDesc.xml")]
    [TestCase("orange-livebox_desc", "http://192.168.1.1:49152/87895a19/rootDesc.xml")]
    public void Parse_RealRouter_ExtractsWhatTheValuesFileLists(string name, string location)
    {
        var expected = ValuesFile.Read(Path.Combine(Folder, name + ".values"));

        var description = IgdDescriptionParser.Parse(RouterFile(name + ".xml"), new Uri(location));

        var baseUrl = description.UrlBase ?? description.DescriptionUrl;
        Assert.Multiple(() =>
        {
            AssertService(description.CommonInterfaceConfig, expected["CIF"], baseUrl);
            AssertService(description.ConnectionService, expected["first"], baseUrl);
        });
    }

    [Test]
    public void Parse_LinksysWag200g_IsPppOnlyIgdWithUrlBaseAndIdentity()
    {
        var description = IgdDescriptionParser.Parse(RouterFile("linksys-wag200g_desc.xml"), new Uri("http://192.168.1.1:80/desc.xml"));

        Assert.Multiple(() =>
        {
            Assert.That(description.UrlBase, Is.EqualTo(new Uri("http://192.168.1.1:49152")));
            Assert.That(description.FriendlyName, Is.EqualTo("LINKSYS WAG200G Gateway"));
            Assert.That(description.Manufacturer, Is.EqualTo("LINKSYS"));
            Assert.That(description.ModelName, Is.EqualTo("Wireless-G ADSL Home Gateway"));
            Assert.That(description.Udn, Is.EqualTo("uuid:8ca2eb37-1dd2-11b2-86f1-001a709b5aa8"));
            Assert.That(description.DeviceType, Is.EqualTo(Igd1));
            Assert.That(description.ConnectionServices.Select(s => s.ServiceType), Is.EqualTo(new[] { WanPpp1 }));
            Assert.That(description.ConnectionService.Kind, Is.EqualTo(IgdServiceKind.WanPppConnection));
            Assert.That(description.ConnectionService.ControlUrl, Is.EqualTo(new Uri("http://192.168.1.1:49152/upnp/control/WANPPPConn1")));
            Assert.That(description.HasCommonInterfaceConfig, Is.True);

            // Every service of every device, the LAN device's too, in document order.
            Assert.That(description.Services.Select(s => s.ControlUrl.AbsolutePath), Is.EqualTo(new[]
            {
                "/upnp/control/L3Forwarding1", "/upnp/control/WANCommonIFC1", "/upnp/control/WANEthLinkC1",
                "/upnp/control/WANPPPConn1", "/upnp/control/LANHostCfg1",
            }));
        });
    }

    [Test]
    public void Parse_OrangeLivebox_AcceptsWanPppConnection2AtTheWanIpControlUrl()
    {
        var description = IgdDescriptionParser.Parse(RouterFile("orange-livebox_desc.xml"), new Uri("http://192.168.1.1:49152/87895a19/desc.xml"));

        Assert.Multiple(() =>
        {
            Assert.That(description.DeviceType, Is.EqualTo("urn:schemas-upnp-org:device:InternetGatewayDevice:2"));
            Assert.That(description.UrlBase, Is.Null);
            Assert.That(description.FriendlyName, Is.EqualTo("Orange Livebox"));
            Assert.That(description.ConnectionService.ServiceType, Is.EqualTo("urn:schemas-upnp-org:service:WANPPPConnection:2"));
            Assert.That(description.ConnectionService.Version, Is.EqualTo(2));
            Assert.That(description.ConnectionService.ServiceId, Is.EqualTo("urn:upnp-org:serviceId:WANIPConn1"));
            Assert.That(description.ConnectionService.ControlUrl, Is.EqualTo(new Uri("http://192.168.1.1:49152/87895a19/upnp/control/WANIPConn1")));
            Assert.That(
                description.Services.Single(s => s.ServiceType.EndsWith("WANIPv6FirewallControl:1", StringComparison.Ordinal)).ScpdUrl,
                Is.EqualTo(new Uri("http://192.168.1.1:49152/87895a19/wanipv6fwctrlSCPD.xml")));
        });
    }

    [Test]
    public void Parse_DLinkWithTemplateFilled_KeepsAbsoluteUrlsOnOtherHostsAndPorts()
    {
        var text = Encoding.UTF8.GetString(RouterFile("dlink-xtreme-n-gigabit_desc.xml")).Replace("http://%s:%d/wipconn", "http://127.0.0.1:41234/wipconn", StringComparison.Ordinal);

        var description = IgdDescriptionParser.Parse(Bytes(text), new Uri("http://192.168.0.1:52869/root1.xml"));

        Assert.Multiple(() =>
        {
            Assert.That(description.UrlBase, Is.EqualTo(new Uri("http://127.0.0.1")));
            Assert.That(description.FriendlyName, Is.EqualTo("Xtreme N GIGABIT Router"));
            Assert.That(description.Manufacturer, Is.EqualTo("D-Link Systems"));
            Assert.That(description.Udn, Is.EqualTo("uuid:E17FAEB7-CABB-3BCC-9C36-7207D5397C0E"));
            Assert.That(description.ConnectionServices, Has.Count.EqualTo(1));
            Assert.That(description.ConnectionService.ServiceType, Is.EqualTo(WanIp1));
            Assert.That(description.ConnectionService.ControlUrl, Is.EqualTo(new Uri("http://127.0.0.1:41234/wipconn")));
            Assert.That(description.ConnectionService.EventSubUrl, Is.EqualTo(new Uri("http://192.168.0.1:9393/wipconn")));
            Assert.That(description.ConnectionService.ScpdUrl, Is.EqualTo(new Uri("http://192.168.0.1/WANIPConn1.xml")));
            Assert.That(description.ConnectionService.DeviceType, Is.EqualTo("urn:schemas-upnp-org:device:WANConnectionDevice:1"));
            Assert.That(description.CommonInterfaceConfig!.ControlUrl, Is.EqualTo(new Uri("http://192.168.0.1:4444/wcommifc")));

            // The Wi-Fi Alliance device beside the WAN device is walked too.
            Assert.That(description.Services.Select(s => s.ServiceType), Does.Contain("urn:schemas-wifialliance-org:service:WFAWLANConfig:1"));
        });
    }

    [Test]
    public void Parse_DLinkTemplateNotFilled_ThrowsNoConnectionServiceNamingTheControlUrl()
    {
        var error = Assert.Throws<UpnpDescriptionException>(() =>
            IgdDescriptionParser.Parse(RouterFile("dlink-xtreme-n-gigabit_desc.xml"), new Uri("http://192.168.0.1:52869/root1.xml")));

        Assert.That(error.Reason, Is.EqualTo(DescriptionFailure.NoConnectionService));
        Assert.That(error.Message, Does.Contain("http://%s:%d/wipconn"));
        Assert.That(error.Location, Is.EqualTo(new Uri("http://192.168.0.1:52869/root1.xml")));
    }

    [Test]
    public void Parse_UrlBaseWithoutPort_ResolvesRelativeUrlsOnPort80()
    {
        var xml = IgdXml(Service(WanIp1, "/ctl/IPConn"), urlBase: "http://192.168.1.1");

        var description = IgdDescriptionParser.Parse(Bytes(xml), Location);

        Assert.That(description.ConnectionService.ControlUrl, Is.EqualTo(new Uri("http://192.168.1.1:80/ctl/IPConn")));
        Assert.That(description.ConnectionService.ControlUrl.Port, Is.EqualTo(80));
    }

    [Test]
    public void Parse_NoUrlBase_ResolvesAgainstLocationIncludingPathRelativeUrls()
    {
        var xml = IgdXml(Service(WanIp1, "/ctl/IPConn", scpd: "WANIPCn.xml", events: "evt/IPConn"));

        var service = IgdDescriptionParser.Parse(Bytes(xml), new Uri("http://10.0.0.1:5000/dev/rootDesc.xml")).ConnectionService;

        Assert.Multiple(() =>
        {
            Assert.That(service.ControlUrl, Is.EqualTo(new Uri("http://10.0.0.1:5000/ctl/IPConn")));
            Assert.That(service.ScpdUrl, Is.EqualTo(new Uri("http://10.0.0.1:5000/dev/WANIPCn.xml")));
            Assert.That(service.EventSubUrl, Is.EqualTo(new Uri("http://10.0.0.1:5000/dev/evt/IPConn")));
        });
    }

    [Test]
    public void Parse_QueryStringControlUrl_KeepsTheQuery()
    {
        var xml = IgdXml(Service(WanIp1, "/control?WANIPConnection", events: "/event?WANIPConnection"));

        var service = IgdDescriptionParser.Parse(Bytes(xml), Location).ConnectionService;

        Assert.That(service.ControlUrl.AbsoluteUri, Is.EqualTo("http://192.168.1.1:5000/control?WANIPConnection"));
        Assert.That(service.EventSubUrl!.Query, Is.EqualTo("?WANIPConnection"));
    }

    [Test]
    public void Parse_UrlsWithWhitespaceAndLineBreaks_AreCompacted()
    {
        var xml = IgdXml(Service(WanIp1, "\n    /ctl/\n  IPConn  \n"));

        var service = IgdDescriptionParser.Parse(Bytes(xml), Location).ConnectionService;

        Assert.That(service.ControlUrl, Is.EqualTo(new Uri("http://192.168.1.1:5000/ctl/IPConn")));
    }

    [Test]
    public void Parse_InvalidUtf8Bytes_DecodesLenientlyWithoutThrowing()
    {
        var bytes = Bytes(IgdXml(Service(WanIp1, "/ctl/IPConn"), friendlyName: "Router XX"));
        var at = Encoding.ASCII.GetString(bytes).IndexOf("XX", StringComparison.Ordinal);
        bytes[at] = 0xFF;
        bytes[at + 1] = 0xC3;

        var description = IgdDescriptionParser.Parse(bytes, Location);

        Assert.That(description.FriendlyName, Does.StartWith("Router \uFFFD"));
        Assert.That(description.ConnectionService.ServiceType, Is.EqualTo(WanIp1));
    }

    [Test]
    public void Parse_ControlCharactersAndBareAmpersand_AreRepaired()
    {
        var xml = IgdXml(Service(WanIp1, "/ctl/IPConn"), friendlyName: "AT&T \u0001 router &amp; more");

        var description = IgdDescriptionParser.Parse(Bytes(xml), Location);

        Assert.That(description.FriendlyName, Is.EqualTo("AT&T \uFFFD router & more"));
    }

    [Test]
    public void Parse_Latin1Declaration_DecodesAsLatin1()
    {
        var xml = IgdXml(Service(WanIp1, "/ctl/IPConn"), friendlyName: "Box Télécom")
            .Replace("<?xml version=\"1.0\"?>", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>", StringComparison.Ordinal);

        var description = IgdDescriptionParser.Parse(Encoding.Latin1.GetBytes(xml), Location);

        Assert.That(description.FriendlyName, Is.EqualTo("Box Télécom"));
    }

    [Test]
    public void Parse_Utf16WithBom_Decodes()
    {
        var xml = IgdXml(Service(WanIp1, "/ctl/IPConn"), friendlyName: "Wide router");

        var description = IgdDescriptionParser.Parse(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(xml)).ToArray(), Location);

        Assert.That(description.FriendlyName, Is.EqualTo("Wide router"));
    }

    [Test]
    public void Parse_WhitespaceBeforeDeclarationAndJunkAfterRoot_Parses()
    {
        var xml = "\r\n  \uFEFF" + IgdXml(Service(WanIp1, "/ctl/IPConn")) + "\0\0<trailing junk";

        var description = IgdDescriptionParser.Parse(Bytes(xml), Location);

        Assert.That(description.ConnectionService.ServiceType, Is.EqualTo(WanIp1));
    }

    [Test]
    public void Parse_PrefixedAndUndeclaredNamespacesAndOddCase_AreIgnored()
    {
        const string xml = """
            <ns0:root xmlns:ns0="urn:schemas-upnp-org:device-1-0">
              <ns0:device>
                <ns0:deviceType>urn:schemas-upnp-org:device:InternetGatewayDevice:1</ns0:deviceType>
                <x:friendlyName>Prefixed</x:friendlyName>
                <ns0:serviceList>
                  <ns0:service xmlns="urn:other">
                    <serviceType>urn:schemas-upnp-org:service:WANIPConnection:1</serviceType>
                    <controlurl>/ctl/IPConn</controlurl>
                    <scpdURL>/scpd.xml</scpdURL>
                  </ns0:service>
                </ns0:serviceList>
              </ns0:device>
            </ns0:root>
            """;

        var description = IgdDescriptionParser.Parse(Bytes(xml), Location);

        Assert.That(description.FriendlyName, Is.EqualTo("Prefixed"));
        Assert.That(description.ConnectionService.ControlUrl.AbsolutePath, Is.EqualTo("/ctl/IPConn"));
        Assert.That(description.ConnectionService.ScpdUrl!.AbsolutePath, Is.EqualTo("/scpd.xml"));
        Assert.That(description.ConnectionService.EventSubUrl, Is.Null);
    }

    [Test]
    public void Parse_MissingCommonInterfaceConfig_IsStillAnIgdAndSaysSo()
    {
        var xml = IgdXml(Service(WanIp1, "/ctl/IPConn"), commonServices: "");

        var description = IgdDescriptionParser.Parse(Bytes(xml), Location);

        Assert.That(description.HasCommonInterfaceConfig, Is.False);
        Assert.That(description.CommonInterfaceConfig, Is.Null);
        Assert.That(description.ConnectionService.ServiceType, Is.EqualTo(WanIp1));
    }

    [Test]
    public void Parse_SeveralConnectionServices_OrdersIp2ThenIp1ThenPpp()
    {
        var xml = IgdXml(
            Service(WanPpp1, "/ctl/PPP") + Service(WanIp1, "/ctl/IP1")
            + Service("urn:schemas-upnp-org:service:WANPPPConnection:2", "/ctl/PPP2") + Service(WanIp2, "/ctl/IP2"));

        var description = IgdDescriptionParser.Parse(Bytes(xml), Location);

        Assert.That(description.ConnectionServices.Select(s => s.ControlUrl.AbsolutePath), Is.EqualTo(new[] { "/ctl/IP2", "/ctl/IP1", "/ctl/PPP", "/ctl/PPP2" }));
    }

    [Test]
    public void Parse_DslForumPppService_IsAcceptedAfterTheUpnpOne()
    {
        var xml = IgdXml(Service("urn:dslforum-org:service:WANPPPConnection:1", "/ctl/Dsl") + Service(WanPpp1, "/ctl/PPP"));

        var description = IgdDescriptionParser.Parse(Bytes(xml), Location);

        Assert.That(description.ConnectionServices.Select(s => s.ControlUrl.AbsolutePath), Is.EqualTo(new[] { "/ctl/PPP", "/ctl/Dsl" }));
    }

    [Test]
    public void Parse_UnusableUrlBase_FallsBackToLocationWithAWarning()
    {
        var xml = IgdXml(Service(WanIp1, "/ctl/IPConn"), urlBase: "not a url");

        var description = IgdDescriptionParser.Parse(Bytes(xml), Location);

        Assert.That(description.UrlBase, Is.Null);
        Assert.That(description.ConnectionService.ControlUrl, Is.EqualTo(new Uri("http://192.168.1.1:5000/ctl/IPConn")));
        Assert.That(description.Warnings, Has.Some.Contains("URLBase"));
    }

    [Test]
    public void Parse_NonHttpControlUrl_SkipsThatServiceWithAWarning()
    {
        var xml = IgdXml(Service(WanIp2, "file:///etc/passwd") + Service(WanIp1, "/ctl/IPConn"));

        var description = IgdDescriptionParser.Parse(Bytes(xml), Location);

        Assert.That(description.ConnectionServices.Select(s => s.ServiceType), Is.EqualTo(new[] { WanIp1 }));
        Assert.That(description.Warnings, Has.Some.Contains("file:///etc/passwd"));
    }

    [Test]
    public void Parse_DocumentOver256KiB_ThrowsTooLarge()
    {
        var padding = new string(' ', IgdDescriptionParser.MaxDocumentBytes);
        var xml = IgdXml(Service(WanIp1, "/ctl/IPConn")).Replace("<device>", "<device>" + padding, StringComparison.Ordinal);

        var error = Assert.Throws<UpnpDescriptionException>(() => IgdDescriptionParser.Parse(Bytes(xml), Location));

        Assert.That(error.Reason, Is.EqualTo(DescriptionFailure.TooLarge));
    }

    [Test]
    public void Parse_LargeDocumentJustUnderTheCap_Parses()
    {
        var filler = string.Concat(Enumerable.Repeat("<X_vendor>abcdefghijklmnopqrstuvwxyz</X_vendor>", 5000));
        var xml = IgdXml(Service(WanIp1, "/ctl/IPConn")).Replace("<modelName>", filler + "<modelName>", StringComparison.Ordinal);
        Assume.That(Bytes(xml), Has.Length.InRange(200 * 1024, IgdDescriptionParser.MaxDocumentBytes));

        var description = IgdDescriptionParser.Parse(Bytes(xml), Location);

        Assert.That(description.ModelName, Is.EqualTo("Crafted"));
    }

    [Test]
    public void Parse_DtdEntityBomb_ThrowsDtdProhibitedWithoutExpanding()
    {
        var entities = new StringBuilder("<!ENTITY lol0 \"lol\">");
        for (var i = 1; i < 10; i++)
        {
            entities.Append(System.Globalization.CultureInfo.InvariantCulture, $"<!ENTITY lol{i} \"&lol{i - 1};&lol{i - 1};&lol{i - 1};&lol{i - 1};&lol{i - 1};&lol{i - 1};&lol{i - 1};&lol{i - 1};&lol{i - 1};&lol{i - 1};\">");
        }

        var xml = $"<?xml version=\"1.0\"?><!DOCTYPE root [{entities}]><root><device><friendlyName>&lol9;</friendlyName></device></root>";

        var error = Assert.Throws<UpnpDescriptionException>(() => IgdDescriptionParser.Parse(Bytes(xml), Location));

        Assert.That(error.Reason, Is.EqualTo(DescriptionFailure.DtdProhibited));
    }

    [Test]
    public void Parse_ExternalEntityDoctype_ThrowsDtdProhibited()
    {
        const string xml = "<?xml version=\"1.0\"?><!DOCTYPE root SYSTEM \"http://192.0.2.1/evil.dtd\"><root><device/></root>";

        var error = Assert.Throws<UpnpDescriptionException>(() => IgdDescriptionParser.Parse(Bytes(xml), Location));

        Assert.That(error.Reason, Is.EqualTo(DescriptionFailure.DtdProhibited));
    }

    [TestCase("")]
    [TestCase("garbage, not XML at all")]
    [TestCase("<html><body>Login required</body>")]
    [TestCase("<root><device><friendlyName>unclosed</device></root>")]
    public void Parse_NotXml_ThrowsNotXml(string text)
    {
        var error = Assert.Throws<UpnpDescriptionException>(() => IgdDescriptionParser.Parse(Bytes(text), Location));

        Assert.That(error.Reason, Is.EqualTo(DescriptionFailure.NotXml));
        Assert.That(error.Message, Does.Contain(Location.ToString()));
    }

    [Test]
    public void Parse_ElementsNestedTooDeep_ThrowsNotXml()
    {
        var xml = string.Concat(Enumerable.Repeat("<a>", 1000)) + string.Concat(Enumerable.Repeat("</a>", 1000));

        var error = Assert.Throws<UpnpDescriptionException>(() => IgdDescriptionParser.Parse(Bytes(xml), Location));

        Assert.That(error.Reason, Is.EqualTo(DescriptionFailure.NotXml));
    }

    [Test]
    public void Parse_RootWithoutDevice_ThrowsNoDevice()
    {
        const string xml = "<root xmlns=\"urn:schemas-upnp-org:device-1-0\"><specVersion><major>1</major></specVersion></root>";

        var error = Assert.Throws<UpnpDescriptionException>(() => IgdDescriptionParser.Parse(Bytes(xml), Location));

        Assert.That(error.Reason, Is.EqualTo(DescriptionFailure.NoDevice));
    }

    [Test]
    public void Parse_MediaServerWithoutConnectionService_ThrowsNoConnectionServiceListingWhatItHas()
    {
        var xml = IgdXml(Service("urn:schemas-upnp-org:service:ContentDirectory:1", "/ctl/cd"), commonServices: "")
            .Replace(Igd1, "urn:schemas-upnp-org:device:MediaServer:1", StringComparison.Ordinal);

        var error = Assert.Throws<UpnpDescriptionException>(() => IgdDescriptionParser.Parse(Bytes(xml), Location));

        Assert.That(error.Reason, Is.EqualTo(DescriptionFailure.NoConnectionService));
        Assert.That(error.Message, Does.Contain("ContentDirectory:1"));
    }

    [Test]
    public void Parse_RelativeLocation_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => IgdDescriptionParser.Parse(Bytes(IgdXml(Service(WanIp1, "/c"))), new Uri("/rootDesc.xml", UriKind.Relative)));
    }

    private static void AssertService(IgdServiceInfo? actual, Dictionary<string, string> expected, Uri baseUrl)
    {
        Assert.That(actual, Is.Not.Null);
        Assert.That(actual!.ServiceType, Is.EqualTo(expected["servicetype"]));
        Assert.That(actual.ControlUrl, Is.EqualTo(new Uri(baseUrl, expected["controlurl"])));
        Assert.That(actual.EventSubUrl, Is.EqualTo(new Uri(baseUrl, expected["eventsuburl"])));
        Assert.That(actual.ScpdUrl, Is.EqualTo(new Uri(baseUrl, expected["scpdurl"])));
    }
}
