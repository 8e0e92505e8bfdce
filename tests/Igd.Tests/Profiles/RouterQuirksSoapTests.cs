using System.Net;
using System.Text;
using System.Xml.Linq;
using IgdLab.Igd.Faults;
using IgdLab.Igd.Profiles;
using IgdLab.TestUtilities;

namespace IgdLab.Igd.Tests.Profiles;

/// <summary>The SOAP and external-address quirks of router profiles, as a client meets them on loopback.</summary>
[Category("Loopback")]
public sealed class RouterQuirksSoapTests
{
    private static RouterProfile Standard => RouterProfileCatalog.Standard;

    [Test]
    public async Task ExternalAddressEmpty_ReportsEmptyAndRefusesAddPortMappingWith501()
    {
        await using var f = await GatewayFixture.StartAsync(Standard with { ExternalAddress = ExternalAddressReport.Empty });

        var address = await f.CallAsync("GetExternalIPAddress");
        var add = await f.AddAsync(42000, 1000);

        Assert.That(address["NewExternalIPAddress"], Is.Empty);
        Assert.That(add.ErrorCode, Is.EqualTo(501));
        Assert.That(f.Gateway.Mappings, Is.Empty);
    }

    [TestCase(ExternalAddressReport.Zero, "0.0.0.0")]
    [TestCase(ExternalAddressReport.Loopback, "127.0.0.1")]
    public async Task ExternalAddressOdd_ReportsItButStillMaps(ExternalAddressReport report, string expected)
    {
        await using var f = await GatewayFixture.StartAsync(Standard with { ExternalAddress = report });

        var address = await f.CallAsync("GetExternalIPAddress");
        var add = await f.AddAsync(42000, 1000);

        Assert.That(address["NewExternalIPAddress"], Is.EqualTo(expected));
        Assert.That(add.ErrorCode, Is.Null);
    }

    [Test]
    public async Task WanSideCgnat_ReportsAnAddressInTheSharedSpace()
    {
        await using var f = await GatewayFixture.StartAsync(Standard with { WanSide = WanSide.Cgnat });

        var reported = IPAddress.Parse((await f.CallAsync("GetExternalIPAddress"))["NewExternalIPAddress"]).GetAddressBytes();

        Assert.That(reported[0], Is.EqualTo(100));
        Assert.That(reported[1], Is.InRange(64, 127), "100.64.0.0/10");
    }

    [Test]
    public async Task WrongProtocolEcho_GetSpecificForUdp_AnswersWithTheTcpEntry()
    {
        await using var quirky = await GatewayFixture.StartAsync(Standard with { Soap = new SoapPolicy { WrongProtocolEcho = true } });
        await using var plain = await GatewayFixture.StartAsync();
        foreach (var f in new[] { quirky, plain })
        {
            Assert.That((await f.AddAsync(42000, 1234)).ErrorCode, Is.Null);
        }

        var echoed = await quirky.CallAsync("GetSpecificPortMappingEntry", ("NewRemoteHost", ""), ("NewExternalPort", 42000), ("NewProtocol", "UDP"));
        var refused = await plain.CallAsync("GetSpecificPortMappingEntry", ("NewRemoteHost", ""), ("NewExternalPort", 42000), ("NewProtocol", "UDP"));

        Assert.That(echoed.ErrorCode, Is.Null);
        Assert.That(echoed["NewInternalPort"], Is.EqualTo("1234"));
        Assert.That(refused.ErrorCode, Is.EqualTo(714));
    }

    [Test]
    public async Task EmptyClientEntries_WalkStartsWithPlaceholdersThenEndsAfterTheRealOnes()
    {
        await using var f = await GatewayFixture.StartAsync(Standard with { Soap = new SoapPolicy { EmptyClientEntries = 2 } });
        await f.AddAsync(42000, 1000);

        var entries = new List<SoapResult>();
        for (var i = 0; i < 4; i++)
        {
            entries.Add(await f.CallAsync("GetGenericPortMappingEntry", ("NewPortMappingIndex", i)));
        }

        Assert.That(entries.Take(2).Select(e => e["NewInternalClient"]), Is.All.Empty);
        Assert.That(entries[2]["NewExternalPort"], Is.EqualTo("42000"));
        Assert.That(entries[3].ErrorCode, Is.EqualTo(713));
    }

    [TestCase(true, null)]
    [TestCase(false, 714)]
    public async Task DeletePortMapping_MissingEntry_AnswersPerProfile(bool deleteMissingSucceeds, int? expected)
    {
        await using var f = await GatewayFixture.StartAsync(Standard with { Soap = new SoapPolicy { DeleteMissingSucceeds = deleteMissingSucceeds } });

        var reply = await f.CallAsync("DeletePortMapping", ("NewRemoteHost", ""), ("NewExternalPort", 42000), ("NewProtocol", "TCP"));

        Assert.That(reply.ErrorCode, Is.EqualTo(expected));
    }

    [Test]
    public async Task WanFlap501_AfterAWanChange_RefusesAddsUntilTheWindowPasses()
    {
        await using var f = await GatewayFixture.StartAsync(Standard with { Soap = new SoapPolicy { WanFlap501Seconds = 30 } });
        Assert.That((await f.AddAsync(42000, 1000)).ErrorCode, Is.Null, "no flap yet");

        await f.Gateway.ApplyFaultAsync(new ChangeWanIp());
        var during = await f.AddAsync(42001, 1001);
        f.Time.Advance(TimeSpan.FromSeconds(31));
        var after = await f.AddAsync(42001, 1001);

        Assert.That(during.ErrorCode, Is.EqualTo(501));
        Assert.That(after.ErrorCode, Is.Null);
    }

    [Test]
    public async Task QueryStateVariable_AnswersWhatMiniupnpdAnswersAnd404ForTheRest()
    {
        await using var f = await GatewayFixture.StartAsync();
        await f.AddAsync(42000, 1000);

        var count = await QueryAsync(f, "PortMappingNumberOfEntries");
        var status = await QueryAsync(f, "ConnectionStatus");
        var unknown = await QueryAsync(f, "ExternalIPAddressX");

        Assert.That(count.Values["return"], Is.EqualTo("1"));
        Assert.That(status.Values["return"], Is.EqualTo("Connected"));
        Assert.That(unknown.ErrorCode, Is.EqualTo(404));
    }

    [Test]
    public async Task SoapActionCaseSensitive_OtherSpelling_Gets501AndExactSpellingWorks()
    {
        await using var f = await GatewayFixture.StartAsync(Standard with { Soap = new SoapPolicy { SoapActionCaseSensitive = true } });
        var body = Envelope(GatewayFixture.WanIp2, "GetExternalIPAddress", "");

        using var other = new HttpRequestMessage(HttpMethod.Post, f.Gateway.ControlUrl) { Content = new StringContent(body, Encoding.UTF8, "text/xml") };
        other.Headers.TryAddWithoutValidation("Soapaction", $"\"{GatewayFixture.WanIp2}#GetExternalIPAddress\"");
        using var refused = await f.Soap.Http.SendAsync(other);
        var exact = await f.Soap.PostAsync(f.Gateway.ControlUrl, body, $"\"{GatewayFixture.WanIp2}#GetExternalIPAddress\"");

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.NotImplemented));
        Assert.That(exact.Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase(true, HttpStatusCode.BadRequest)]
    [TestCase(false, HttpStatusCode.OK)]
    public async Task LeadingWhitespace_BeforeTheXmlDeclaration_AnswersPerProfile(bool refuses, HttpStatusCode expected)
    {
        await using var f = await GatewayFixture.StartAsync(Standard with { Soap = new SoapPolicy { LeadingWhitespace400 = refuses } });

        var reply = await f.Soap.PostAsync(
            f.Gateway.ControlUrl, "\t" + Envelope(GatewayFixture.WanIp2, "GetExternalIPAddress", ""), $"\"{GatewayFixture.WanIp2}#GetExternalIPAddress\"");

        Assert.That(reply.Status, Is.EqualTo(expected));
    }

    [Test]
    public async Task OverrideSeconds_EveryGrantedLeaseIsReplaced()
    {
        await using var f = await GatewayFixture.StartAsync(Standard with { Leases = new LeasePolicy { OverrideSeconds = 86400 } });

        await f.AddAsync(42000, 1000, lease: 60);
        var entry = await f.CallAsync("GetSpecificPortMappingEntry", ("NewRemoteHost", ""), ("NewExternalPort", 42000), ("NewProtocol", "TCP"));

        Assert.That(entry["NewLeaseDuration"], Is.EqualTo("86400"));
    }

    [TestCase(true, 601)]
    [TestCase(false, null)]
    public async Task CaseSensitiveProtocol_LowercaseProtocol_AnswersPerProfile(bool caseSensitive, int? expected)
    {
        await using var f = await GatewayFixture.StartAsync(Standard with { CaseSensitiveProtocol = caseSensitive });

        var reply = await f.AddAsync(42000, 1000, protocol: "tcp");

        Assert.That(reply.ErrorCode, Is.EqualTo(expected));
    }

    internal static string Envelope(string serviceType, string action, string arguments) =>
        "<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" s:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\">"
        + $"<s:Body><u:{action} xmlns:u=\"{serviceType}\">{arguments}</u:{action}></s:Body></s:Envelope>";

    private static Task<SoapResult> QueryAsync(GatewayFixture f, string variable) =>
        f.Soap.PostAsync(
            f.Gateway.ControlUrl,
            Envelope("urn:schemas-upnp-org:control-1-0", "QueryStateVariable", $"<u:varName>{variable}</u:varName>"),
            "\"urn:schemas-upnp-org:control-1-0#QueryStateVariable\"");

    internal static async Task<XDocument> DescriptionAsync(GatewayFixture f) =>
        XDocument.Parse(await f.Soap.Http.GetStringAsync(f.Gateway.DescriptionUrl));
}
