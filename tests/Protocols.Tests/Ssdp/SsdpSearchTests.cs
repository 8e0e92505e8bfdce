using System.Text;
using IgdLab.Protocols.Ssdp;
using IgdLab.Protocols.Upnp;

namespace IgdLab.Protocols.Tests.Ssdp;

public sealed class SsdpSearchTests
{
    [Test]
    public void Build_Multicast_IsTheCanonicalMSearch()
    {
        var datagram = SsdpSearch.Build(UpnpUrns.InternetGatewayDevice1, 2, "239.255.255.250:1900");

        Assert.That(Encoding.ASCII.GetString(datagram), Is.EqualTo(
            "M-SEARCH * HTTP/1.1\r\n"
            + "HOST: 239.255.255.250:1900\r\n"
            + "MAN: \"ssdp:discover\"\r\n"
            + "MX: 2\r\n"
            + "ST: urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\n"
            + "\r\n"));
    }
}
