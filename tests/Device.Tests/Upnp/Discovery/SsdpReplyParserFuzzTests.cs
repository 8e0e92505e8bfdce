using System.Net;
using System.Text;
using CsCheck;
using IgdLab.Device.Upnp.Discovery;
using IgdLab.TestUtilities;

namespace IgdLab.Device.Tests.Upnp.Discovery;

/// <summary>
/// Random and mutated datagrams through the client's M-SEARCH reply parser: whatever answers a search, the parser
/// returns a reply with an absolute http LOCATION or refuses the datagram with a reason; it never throws.
/// </summary>
public sealed class SsdpReplyParserFuzzTests
{
    private const long Iterations = 20_000;

    private static readonly IPEndPoint From = new(IPAddress.Parse("127.71.1.1"), 1900);
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly byte[][] Replies =
    [
        .. new[]
        {
            "HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\nEXT:\r\nLOCATION: http://127.71.1.1:5000/rootDesc.xml\r\n"
                + "SERVER: Linux/6.0 UPnP/1.1 MiniUPnPd/2.3\r\nST: urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\n"
                + "USN: uuid:00000000-0000-0000-0000-000000000001::urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\n"
                + "BOOTID.UPNP.ORG: 7\r\nCONFIGID.UPNP.ORG: 1\r\n\r\n",
            "HTTP/1.1 200 OK \nlocation: http://127.71.1.1:49152/desc.xml\nst: upnp:rootdevice\nusn: 00000000-0000-0000-0000-000000000001\nserver:\n",
            "HTTP/1.0 200 OK\r\nLOCATION: https://127.71.1.1/igd.xml\r\nSERVER: Fritz!Box Ä\r\n\r\n",
            "NOTIFY * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nNT: upnp:rootdevice\r\nNTS: ssdp:alive\r\nLOCATION: http://127.71.1.1:5000/rootDesc.xml\r\n\r\n",
        }.Select(Encoding.UTF8.GetBytes),
    ];

    private static readonly byte[][] Fragments =
    [
        .. new[]
        {
            "\r\n", "\n", ":", " ", "LOCATION:", "LOCATION: http://\r\n", "LOCATION: http://[::1\r\n", "LOCATION: file:///etc/passwd\r\n",
            "LOCATION: /relative.xml\r\n", "BOOTID.UPNP.ORG: 99999999999\r\n", "HTTP/1.1 404 Not Found\r\n", "HTTP/1.1 200 OK\r\n",
            "http://127.71.1.1:65536/", "%00", "\u00FF",
        }.Select(Encoding.UTF8.GetBytes),
        [0x00], [0xFF], [0xC3], [0xF0, 0x9F],
    ];

    [Test]
    public void TryParse_AnyDatagram_IsAReplyWithAnHttpLocationOrARefusalWithAReason()
    {
        Gen.Frequency((1, Gen.Byte.Array[0, 600]), (6, FuzzInputs.Mutated(Replies, Fragments))).Sample(datagram =>
        {
            if (!SsdpReplyParser.TryParse(datagram, From, At, out var reply, out var problem))
            {
                return reply is null && problem.Length > 0;
            }

            return problem.Length == 0
                && reply.Location.IsAbsoluteUri
                && (reply.Location.Scheme == Uri.UriSchemeHttp || reply.Location.Scheme == Uri.UriSchemeHttps)
                && reply.Responder == From
                && reply.ReceivedAt == At;
        }, iter: Iterations, print: FuzzInputs.Show);
    }
}
