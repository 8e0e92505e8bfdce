using IgdLab.Igd.Description;
using IgdLab.Igd.Soap;
using IgdLab.Igd.Ssdp;

namespace IgdLab.Igd.Tests.Ssdp;

public sealed class SsdpSearchTargetsTests
{
    private const string Device = "urn:schemas-upnp-org:device:";
    private const string Service = "urn:schemas-upnp-org:service:";

    [Test]
    public void Advertisements_Igd2_ListsRootDeviceUuidsTypesAndServices()
    {
        var source = new TestDescriptionSource(2);
        var (igd, wan, connection) = (source.Udns[0], source.Udns[1], source.Udns[2]);

        var advertisements = SsdpSearchTargets.Advertisements(source.Root);

        Assert.That(advertisements, Is.EqualTo(new SsdpAdvertisement[]
        {
            new("upnp:rootdevice", $"{igd}::upnp:rootdevice"),
            new(igd, igd),
            new($"{Device}InternetGatewayDevice:2", $"{igd}::{Device}InternetGatewayDevice:2"),
            new($"{Service}Layer3Forwarding:1", $"{igd}::{Service}Layer3Forwarding:1"),
            new(wan, wan),
            new($"{Device}WANDevice:2", $"{wan}::{Device}WANDevice:2"),
            new($"{Service}WANCommonInterfaceConfig:1", $"{wan}::{Service}WANCommonInterfaceConfig:1"),
            new(connection, connection),
            new($"{Device}WANConnectionDevice:2", $"{connection}::{Device}WANConnectionDevice:2"),
            new($"{Service}WANIPConnection:2", $"{connection}::{Service}WANIPConnection:2"),
        }));
    }

    [Test]
    public void Advertisements_ServiceTypeInTwoDevices_AdvertisedOnceByTheFirst()
    {
        var service = new ServiceNode($"{Service}WANIPConnection:1", "id", "/s", "/c", "/e", ServiceCatalog.WanIpConnection, 1);
        var second = new DeviceNode($"{Device}WANConnectionDevice:1", "uuid:b", [service], []);
        var root = new DeviceNode($"{Device}WANConnectionDevice:1", "uuid:a", [service], [second]);

        var services = SsdpSearchTargets.Advertisements(root).Where(a => a.Target.StartsWith(Service, StringComparison.Ordinal));

        Assert.That(services, Is.EqualTo(new[] { new SsdpAdvertisement(service.ServiceType, $"uuid:a::{service.ServiceType}") }));
    }

    [Test]
    public void Match_SsdpAll_ReturnsEveryAdvertisement()
    {
        var source = new TestDescriptionSource(2);

        Assert.That(SsdpSearchTargets.Match(source.Root, "ssdp:all"), Is.EqualTo(SsdpSearchTargets.Advertisements(source.Root)));
    }

    [Test]
    public void Match_RootDevice_ReturnsRootUsn()
    {
        var source = new TestDescriptionSource(2);

        var matches = SsdpSearchTargets.Match(source.Root, "upnp:rootdevice");

        Assert.That(matches, Is.EqualTo(new[] { new SsdpAdvertisement("upnp:rootdevice", $"{source.Udns[0]}::upnp:rootdevice") }));
    }

    [TestCase(2, "device:InternetGatewayDevice:2", 0)]
    [TestCase(2, "device:InternetGatewayDevice:1", 0)]
    [TestCase(2, "device:WANDevice:1", 1)]
    [TestCase(2, "device:WANConnectionDevice:2", 2)]
    [TestCase(2, "service:WANIPConnection:1", 2)]
    [TestCase(2, "service:WANIPConnection:2", 2)]
    [TestCase(2, "service:WANCommonInterfaceConfig:1", 1)]
    [TestCase(2, "service:Layer3Forwarding:1", 0)]
    [TestCase(1, "device:InternetGatewayDevice:1", 0)]
    [TestCase(1, "service:WANIPConnection:1", 2)]
    public void Match_ServedTypeAtOrBelowItsVersion_EchoesTheRequestedUrn(int igdVersion, string type, int owner)
    {
        var source = new TestDescriptionSource(igdVersion);
        var searchTarget = "urn:schemas-upnp-org:" + type;

        var matches = SsdpSearchTargets.Match(source.Root, searchTarget);

        Assert.That(matches, Is.EqualTo(new[] { new SsdpAdvertisement(searchTarget, $"{source.Udns[owner]}::{searchTarget}") }));
    }

    [TestCase(2, "device:InternetGatewayDevice:3")]
    [TestCase(1, "device:InternetGatewayDevice:2")]
    [TestCase(1, "service:WANIPConnection:2")]
    [TestCase(2, "service:WANCommonInterfaceConfig:2")]
    [TestCase(2, "service:Layer3Forwarding:2")]
    [TestCase(2, "service:WANPPPConnection:1")]
    [TestCase(2, "device:InternetGatewayDevice:0")]
    [TestCase(2, "device:InternetGatewayDevice")]
    [TestCase(2, "device:InternetGatewayDevice:")]
    [TestCase(2, "device:InternetGatewayDevice:x")]
    [TestCase(2, "device:internetgatewaydevice:1")]
    public void Match_UnservedTypeOrHigherVersion_ReturnsNothing(int igdVersion, string type)
    {
        var source = new TestDescriptionSource(igdVersion);

        Assert.That(SsdpSearchTargets.Match(source.Root, "urn:schemas-upnp-org:" + type), Is.Empty);
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(2)]
    public void Match_Uuid_ReturnsTheBareUdnOfThatDevice(int device)
    {
        var source = new TestDescriptionSource(2);
        var udn = source.Udns[device];

        Assert.That(SsdpSearchTargets.Match(source.Root, udn), Is.EqualTo(new[] { new SsdpAdvertisement(udn, udn) }));
    }

    [Test]
    public void Match_UuidInUpperCase_EchoesItButAnswersWithTheUdn()
    {
        var source = new TestDescriptionSource(2);
        var asked = "uuid:" + source.Udns[0]["uuid:".Length..].ToUpperInvariant();

        Assert.That(SsdpSearchTargets.Match(source.Root, asked), Is.EqualTo(new[] { new SsdpAdvertisement(asked, source.Udns[0]) }));
    }

    [TestCase("uuid:00000000-0000-0000-0000-000000000000")]
    [TestCase("ssdp:nothing")]
    [TestCase("urn:schemas-upnp-org:device:MediaServer:1")]
    [TestCase("")]
    public void Match_UnknownTarget_ReturnsNothing(string searchTarget)
    {
        Assert.That(SsdpSearchTargets.Match(new TestDescriptionSource(2).Root, searchTarget), Is.Empty);
    }
}
