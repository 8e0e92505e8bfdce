using System.Text;
using IgdLab.Device.Upnp.Discovery;

namespace IgdLab.Device.Tests.Upnp.Discovery;

public sealed class SsdpSearchRequestTests
{
    [Test]
    public void Build_Multicast_IsTheCanonicalMSearch()
    {
        var datagram = SsdpSearchRequest.Build("239.255.255.250:1900", UpnpUrns.InternetGatewayDevice1, 2);

        Assert.That(Encoding.ASCII.GetString(datagram), Is.EqualTo(
            "M-SEARCH * HTTP/1.1\r\n"
            + "HOST: 239.255.255.250:1900\r\n"
            + "MAN: \"ssdp:discover\"\r\n"
            + "MX: 2\r\n"
            + "ST: urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\n"
            + "\r\n"));
    }
}
