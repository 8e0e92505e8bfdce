using System.Net;
using System.Text;
using IgdLab.Device.Upnp.Discovery;

namespace IgdLab.Device.Tests.Upnp.Discovery;

/// <summary>Reply parsing without sockets.</summary>
public sealed class SsdpReplyParserTests
{
    private static readonly IPEndPoint From = new(IPAddress.Parse("127.71.1.1"), 1900);
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [TestCase("HTTP/1.1 200 OK\r\n")]
    [TestCase("HTTP/1.1 200 OK \r\n")]
    [TestCase("HTTP/1.0 200 OK\r\n")]
    [TestCase("http/1.1 200 ok\n")]
    [TestCase("HTTP/1.1 200\r\n")]
    [TestCase("  HTTP/1.1   200   OK\r\n")]
    public void TryParse_StatusLineVariants_AreAccepted(string statusLine)
    {
        var ok = Parse(statusLine + "LOCATION: http://127.71.1.1:5000/rootDesc.xml\r\n\r\n", out var reply, out _);

        Assert.That(ok, Is.True);
        Assert.That(reply!.Location, Is.EqualTo(new Uri("http://127.71.1.1:5000/rootDesc.xml")));
    }

    [Test]
    public void TryParse_FullReply_ReadsEveryField()
    {
        const string text = "HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\nEXT:\r\nLOCATION: http://127.71.1.1:5000/rootDesc.xml\r\n"
            + "SERVER: Linux/6.0 UPnP/1.1 MiniUPnPd/2.3\r\nST: upnp:rootdevice\r\nUSN: uuid:abc::upnp:rootdevice\r\n"
            + "BOOTID.UPNP.ORG: 1700000000\r\nCONFIGID.UPNP.ORG: 1337\r\n\r\n";

        Assert.That(Parse(text, out var reply, out _), Is.True);
        Assert.That(reply, Is.EqualTo(new SsdpReply
        {
            Responder = From,
            Location = new Uri("http://127.71.1.1:5000/rootDesc.xml"),
            SearchTarget = "upnp:rootdevice",
            UniqueServiceName = "uuid:abc::upnp:rootdevice",
            Server = "Linux/6.0 UPnP/1.1 MiniUPnPd/2.3",
            BootId = 1700000000,
            ConfigId = 1337,
            ReceivedAt = At,
        }));
    }

    [Test]
    public void TryParse_LowercaseHeadersLfOnlyNoServer_AreAccepted()
    {
        Assert.That(Parse("HTTP/1.1 200 OK\nlocation:http://10.0.0.1/d.xml\nst: upnp:rootdevice\nusn: Thomson-TG585\n\n", out var reply, out _), Is.True);
        Assert.That(reply!.SearchTarget, Is.EqualTo("upnp:rootdevice"));
        Assert.That(reply.UniqueServiceName, Is.EqualTo("Thomson-TG585"));
        Assert.That(reply.Server, Is.Null);
    }

    [Test]
    public void TryParse_RepeatedHeader_FirstWins()
    {
        Parse("HTTP/1.1 200 OK\r\nLOCATION: http://10.0.0.1/first.xml\r\nLOCATION: http://10.0.0.1/second.xml\r\n\r\n", out var reply, out _);

        Assert.That(reply!.Location.AbsolutePath, Is.EqualTo("/first.xml"));
    }

    [Test]
    public void TryParse_HeadersAfterTheBlankLine_AreIgnored()
    {
        Parse("HTTP/1.1 200 OK\r\nLOCATION: http://10.0.0.1/d.xml\r\n\r\nST: body-not-header\r\n", out var reply, out _);

        Assert.That(reply!.SearchTarget, Is.Null);
    }

    [TestCase("-1")]
    [TestCase("abc")]
    [TestCase("99999999999")]
    [TestCase("")]
    public void TryParse_BadBootId_IsNull(string value)
    {
        Parse($"HTTP/1.1 200 OK\r\nLOCATION: http://10.0.0.1/d.xml\r\nBOOTID.UPNP.ORG: {value}\r\n\r\n", out var reply, out _);

        Assert.That(reply!.BootId, Is.Null);
    }

    [TestCase("", "empty")]
    [TestCase("garbage", "not a 200")]
    [TestCase("M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nST: ssdp:all\r\n\r\n", "not a 200")]
    [TestCase("NOTIFY * HTTP/1.1\r\nLOCATION: http://10.0.0.1/d.xml\r\n\r\n", "not a 200")]
    [TestCase("HTTP/1.1 500 Internal Server Error\r\nLOCATION: http://10.0.0.1/d.xml\r\n\r\n", "not a 200")]
    [TestCase("HTTP/1.1 200 OK\r\nST: upnp:rootdevice\r\n\r\n", "no LOCATION")]
    [TestCase("HTTP/1.1 200 OK\r\nLOCATION: /rootDesc.xml\r\n\r\n", "not an absolute http URL")]
    [TestCase("HTTP/1.1 200 OK\r\nLOCATION: ftp://10.0.0.1/d.xml\r\n\r\n", "not an absolute http URL")]
    public void TryParse_Unusable_FailsSayingWhy(string text, string why)
    {
        Assert.That(Parse(text, out var reply, out var problem), Is.False);
        Assert.That(reply, Is.Null);
        Assert.That(problem, Does.Contain(why));
    }

    [Test]
    public void TryParse_OversizedDatagram_Fails()
    {
        var text = "HTTP/1.1 200 OK\r\nLOCATION: http://10.0.0.1/d.xml\r\nX: " + new string('a', 9000) + "\r\n\r\n";

        Assert.That(Parse(text, out _, out var problem), Is.False);
        Assert.That(problem, Does.Contain("too long"));
    }

    [Test]
    public void TryParse_InvalidUtf8_DoesNotThrow()
    {
        var bytes = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nLOCATION: http://10.0.0.1/d.xml\r\nSERVER: ").Concat(new byte[] { 0xFF, 0xC0, 0x80 }).Concat("\r\n\r\n"u8.ToArray()).ToArray();

        Assert.That(SsdpReplyParser.TryParse(bytes, From, At, out var reply, out _), Is.True);
        Assert.That(reply!.Server, Does.Contain("\uFFFD"));
    }

    private static bool Parse(string text, out SsdpReply? reply, out string problem) =>
        SsdpReplyParser.TryParse(Encoding.UTF8.GetBytes(text), From, At, out reply, out problem);
}
