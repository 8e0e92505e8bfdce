using System.Text;
using IgdLab.Igd.Ssdp;

namespace IgdLab.Igd.Tests.Ssdp;

public sealed class SsdpMessagesTests
{
    private static readonly SsdpAdvertisement Advertisement =
        new("urn:schemas-upnp-org:device:InternetGatewayDevice:1", "uuid:x::urn:schemas-upnp-org:device:InternetGatewayDevice:1");

    [Test]
    public void SearchResponse_Igd_WritesTheHeadersInMiniupnpdOrder()
    {
        var description = TestDescriptionSource.Create() with { BootId = 7, ConfigId = 3 };

        var text = Encoding.ASCII.GetString(SsdpMessages.SearchResponse(Advertisement, description));

        Assert.That(text, Is.EqualTo(
            "HTTP/1.1 200 OK\r\n"
            + "CACHE-CONTROL: max-age=1800\r\n"
            + "EXT:\r\n"
            + "LOCATION: http://127.0.0.1:49152/rootDesc.xml\r\n"
            + "SERVER: Linux/6.0 UPnP/1.1 IgdLab/1.0\r\n"
            + "ST: urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\n"
            + "USN: uuid:x::urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\n"
            + "BOOTID.UPNP.ORG: 7\r\n"
            + "CONFIGID.UPNP.ORG: 3\r\n"
            + "\r\n"));
    }

    [Test]
    public void AliveNotify_Igd_CarriesLocationAndNts()
    {
        SsdpMessage.TryParse(SsdpMessages.AliveNotify(Advertisement, TestDescriptionSource.Create()), out var message);

        Assert.That(message!.Kind, Is.EqualTo(SsdpMessageKind.Notify));
        Assert.That(message.Header("HOST"), Is.EqualTo("239.255.255.250:1900"));
        Assert.That(message.Header("CACHE-CONTROL"), Is.EqualTo("max-age=1800"));
        Assert.That(message.Header("LOCATION"), Is.EqualTo("http://127.0.0.1:49152/rootDesc.xml"));
        Assert.That(message.Header("NT"), Is.EqualTo(Advertisement.Target));
        Assert.That(message.Header("NTS"), Is.EqualTo("ssdp:alive"));
        Assert.That(message.Header("USN"), Is.EqualTo(Advertisement.UniqueServiceName));
        Assert.That(message.Header("SERVER"), Is.Not.Empty);
        Assert.That(message.Header("BOOTID.UPNP.ORG"), Is.EqualTo("1"));
        Assert.That(message.Header("CONFIGID.UPNP.ORG"), Is.EqualTo("1"));
    }

    [Test]
    public void ByeByeNotify_Igd_HasNoLocation()
    {
        SsdpMessage.TryParse(SsdpMessages.ByeByeNotify(Advertisement, TestDescriptionSource.Create()), out var message);

        Assert.That(message!.Header("NTS"), Is.EqualTo("ssdp:byebye"));
        Assert.That(message.Header("LOCATION"), Is.Null);
        Assert.That(message.Header("NT"), Is.EqualTo(Advertisement.Target));
        Assert.That(message.Header("BOOTID.UPNP.ORG"), Is.EqualTo("1"));
    }

    [Test]
    public void Search_WithoutMx_LeavesMxOut()
    {
        SsdpMessage.TryParse(SsdpSearch.Build("ssdp:all", mx: null, "127.0.0.1:1900"), out var message);

        Assert.That(message!.Header("MX"), Is.Null);
        Assert.That(message.Header("HOST"), Is.EqualTo("127.0.0.1:1900"));
        Assert.That(message.Header("MAN"), Is.EqualTo("\"ssdp:discover\""));
    }
}
