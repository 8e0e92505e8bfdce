using System.Text;
using IgdLab.Protocols.Ssdp;

namespace IgdLab.Protocols.Tests.Ssdp;

public sealed class SsdpMessageTests
{
    private const string IgdSearch =
        "M-SEARCH * HTTP/1.1\r\n"
        + "HOST: 239.255.255.250:1900\r\n"
        + "MAN: \"ssdp:discover\"\r\n"
        + "MX: 2\r\n"
        + "ST: urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\n"
        + "\r\n";

    [Test]
    public void TryParse_MSearchWithCrlf_ReturnsSearchWithHeaders()
    {
        var parsed = SsdpMessage.TryParse(Ascii(IgdSearch), out var message);

        Assert.That(parsed, Is.True);
        Assert.That(message!.Kind, Is.EqualTo(SsdpMessageKind.Search));
        Assert.That(message.SearchTarget, Is.EqualTo("urn:schemas-upnp-org:device:InternetGatewayDevice:1"));
        Assert.That(message.Header("MAN"), Is.EqualTo("\"ssdp:discover\""));
        Assert.That(message.Header("MX"), Is.EqualTo("2"));
        Assert.That(message.Headers, Has.Count.EqualTo(4));
    }

    [Test]
    public void TryParse_LowercaseHeaderNames_FindsThemCaseInsensitively()
    {
        var text = "m-search * http/1.1\r\nhost: 127.0.0.1:1900\r\nst: ssdp:all\r\nmx: 1\r\n\r\n";

        var parsed = SsdpMessage.TryParse(Ascii(text), out var message);

        Assert.That(parsed, Is.True);
        Assert.That(message!.SearchTarget, Is.EqualTo("ssdp:all"));
        Assert.That(message.Header("Mx"), Is.EqualTo("1"));
    }

    [Test]
    public void TryParse_LfLineEnds_Parses()
    {
        var parsed = SsdpMessage.TryParse(Ascii(IgdSearch.Replace("\r\n", "\n", StringComparison.Ordinal)), out var message);

        Assert.That(parsed, Is.True);
        Assert.That(message!.SearchTarget, Is.EqualTo("urn:schemas-upnp-org:device:InternetGatewayDevice:1"));
    }

    [Test]
    public void TryParse_NoFinalBlankLine_Parses()
    {
        var parsed = SsdpMessage.TryParse(Ascii("M-SEARCH * HTTP/1.1\r\nST: upnp:rootdevice"), out var message);

        Assert.That(parsed, Is.True);
        Assert.That(message!.SearchTarget, Is.EqualTo("upnp:rootdevice"));
    }

    [Test]
    public void TryParse_ValuesWithSpacesAndColons_TrimsOnlyTheEnds()
    {
        var text = "HTTP/1.1 200 OK\r\nLOCATION:   http://127.0.0.1:5000/rootDesc.xml  \r\nEXT:\r\n\r\n";

        var parsed = SsdpMessage.TryParse(Ascii(text), out var message);

        Assert.That(parsed, Is.True);
        Assert.That(message!.Kind, Is.EqualTo(SsdpMessageKind.Response));
        Assert.That(message.Header("LOCATION"), Is.EqualTo("http://127.0.0.1:5000/rootDesc.xml"));
        Assert.That(message.Header("EXT"), Is.Empty);
    }

    [Test]
    public void TryParse_Notify_ReturnsNotify()
    {
        var text = "NOTIFY * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nNT: upnp:rootdevice\r\nNTS: ssdp:alive\r\n\r\n";

        var parsed = SsdpMessage.TryParse(Ascii(text), out var message);

        Assert.That(parsed, Is.True);
        Assert.That(message!.Kind, Is.EqualTo(SsdpMessageKind.Notify));
        Assert.That(message.Header("nts"), Is.EqualTo("ssdp:alive"));
    }

    [Test]
    public void TryParse_RepeatedHeader_KeepsTheFirst()
    {
        var parsed = SsdpMessage.TryParse(Ascii("M-SEARCH * HTTP/1.1\r\nST: ssdp:all\r\nst: upnp:rootdevice\r\n\r\n"), out var message);

        Assert.That(parsed, Is.True);
        Assert.That(message!.SearchTarget, Is.EqualTo("ssdp:all"));
    }

    [Test]
    public void TryParse_LinesWithoutColon_AreSkipped()
    {
        var parsed = SsdpMessage.TryParse(Ascii("M-SEARCH * HTTP/1.1\r\nnonsense\r\n folded\r\nST: ssdp:all\r\n\r\n"), out var message);

        Assert.That(parsed, Is.True);
        Assert.That(message!.Headers.Keys, Is.EquivalentTo(new[] { "ST" }));
    }

    [Test]
    public void TryParse_HeadersAfterBlankLine_AreIgnored()
    {
        var parsed = SsdpMessage.TryParse(Ascii("M-SEARCH * HTTP/1.1\r\nST: ssdp:all\r\n\r\nMX: 3\r\n"), out var message);

        Assert.That(parsed, Is.True);
        Assert.That(message!.Header("MX"), Is.Null);
    }

    [TestCase("GET / HTTP/1.1\r\nST: ssdp:all\r\n\r\n")]
    [TestCase("SUBSCRIBE * HTTP/1.1\r\nST: ssdp:all\r\n\r\n")]
    [TestCase("M-SEARCH / HTTP/1.1\r\nST: ssdp:all\r\n\r\n")]
    [TestCase("M-SEARCH * HTTP/2.0\r\nST: ssdp:all\r\n\r\n")]
    [TestCase("M-SEARCH *\r\nST: ssdp:all\r\n\r\n")]
    [TestCase("HTTP/1.1 404 Not Found\r\n\r\n")]
    [TestCase("hello world")]
    public void TryParse_UnknownStartLine_ReturnsFalse(string text)
    {
        var parsed = SsdpMessage.TryParse(Ascii(text), out var message, out var error);

        Assert.That(parsed, Is.False);
        Assert.That(message, Is.Null);
        Assert.That(error, Is.EqualTo(SsdpParseError.UnknownStartLine));
    }

    [TestCase("ST: ssdp:all\r\nMX: 2\r\n\r\n")]
    [TestCase("\r\nM-SEARCH * HTTP/1.1\r\nST: ssdp:all\r\n\r\n")]
    [TestCase("\r\n\r\n")]
    public void TryParse_MissingStartLine_ReturnsFalse(string text)
    {
        var parsed = SsdpMessage.TryParse(Ascii(text), out _, out var error);

        Assert.That(parsed, Is.False);
        Assert.That(error, Is.EqualTo(SsdpParseError.UnknownStartLine));
    }

    [TestCase("M-SEARCH * HTTP/1.1\r\nMX: 2\r\n\r\n")]
    [TestCase("M-SEARCH * HTTP/1.1\r\nST:\r\n\r\n")]
    [TestCase("M-SEARCH * HTTP/1.1\r\nST:    \r\n\r\n")]
    public void TryParse_SearchWithoutSearchTarget_ReturnsFalse(string text)
    {
        var parsed = SsdpMessage.TryParse(Ascii(text), out _, out var error);

        Assert.That(parsed, Is.False);
        Assert.That(error, Is.EqualTo(SsdpParseError.MissingSearchTarget));
    }

    [Test]
    public void TryParse_Empty_ReturnsFalse()
    {
        var parsed = SsdpMessage.TryParse([], out _, out var error);

        Assert.That(parsed, Is.False);
        Assert.That(error, Is.EqualTo(SsdpParseError.Empty));
    }

    [Test]
    public void TryParse_LongerThan8KiB_ReturnsFalse()
    {
        var text = IgdSearch.TrimEnd() + "\r\nX-PAD: " + new string('a', SsdpConstants.MaxDatagramLength) + "\r\n\r\n";

        var parsed = SsdpMessage.TryParse(Ascii(text), out _, out var error);

        Assert.That(parsed, Is.False);
        Assert.That(error, Is.EqualTo(SsdpParseError.TooLong));
    }

    [Test]
    public void TryParse_Exactly8KiB_Parses()
    {
        var head = "M-SEARCH * HTTP/1.1\r\nST: ssdp:all\r\nX-PAD: ";
        var text = head + new string('a', SsdpConstants.MaxDatagramLength - head.Length - 4) + "\r\n\r\n";
        Assert.That(text, Has.Length.EqualTo(SsdpConstants.MaxDatagramLength));

        var parsed = SsdpMessage.TryParse(Ascii(text), out var message);

        Assert.That(parsed, Is.True);
        Assert.That(message!.SearchTarget, Is.EqualTo("ssdp:all"));
    }

    [Test]
    public void TryParse_BinaryGarbage_ReturnsFalse()
    {
        byte[] datagram = [0x00, 0x01, 0xFF, 0x7F, 0x80, 0x1B, 0x0D, 0x0A];

        var parsed = SsdpMessage.TryParse(datagram, out _, out var error);

        Assert.That(parsed, Is.False);
        Assert.That(error, Is.EqualTo(SsdpParseError.NotAscii));
    }

    [Test]
    public void TryParse_NulInsideAValidSearch_ReturnsFalse()
    {
        var datagram = Ascii(IgdSearch);
        datagram[25] = 0;

        var parsed = SsdpMessage.TryParse(datagram, out _, out var error);

        Assert.That(parsed, Is.False);
        Assert.That(error, Is.EqualTo(SsdpParseError.NotAscii));
    }

    [Test]
    public void TryParse_NonAsciiValueNotAsciiOnly_DecodesUtf8Leniently()
    {
        var datagram = Encoding.UTF8.GetBytes("HTTP/1.1 200 OK\r\nSERVER: Gerät \r\n")
            .Concat(new byte[] { 0xFF }).Concat(Encoding.ASCII.GetBytes("\r\nST: upnp:rootdevice\r\n\r\n")).ToArray();

        var parsed = SsdpMessage.TryParse(datagram, asciiOnly: false, out var message, out var error);

        Assert.That(parsed, Is.True, error.ToString());
        Assert.That(message!.Kind, Is.EqualTo(SsdpMessageKind.Response));
        Assert.That(message.Header("SERVER"), Is.EqualTo("Gerät"));
        Assert.That(message.SearchTarget, Is.EqualTo("upnp:rootdevice"));
    }

    [Test]
    public void TryParse_NonAsciiUtf8_ReturnsFalse()
    {
        var datagram = Encoding.UTF8.GetBytes("M-SEARCH * HTTP/1.1\r\nST: urn:schemas-upnp-org:device:Gerät:1\r\n\r\n");

        var parsed = SsdpMessage.TryParse(datagram, out _, out var error);

        Assert.That(parsed, Is.False);
        Assert.That(error, Is.EqualTo(SsdpParseError.NotAscii));
    }

    [Test]
    public void TryParse_TooManyHeaders_ReturnsFalse()
    {
        var text = new StringBuilder("M-SEARCH * HTTP/1.1\r\nST: ssdp:all\r\n");
        for (var i = 0; i < SsdpConstants.MaxHeaderCount; i++)
        {
            text.Append("X-").Append(i).Append(": 1\r\n");
        }

        var parsed = SsdpMessage.TryParse(Ascii(text.Append("\r\n").ToString()), out _, out var error);

        Assert.That(parsed, Is.False);
        Assert.That(error, Is.EqualTo(SsdpParseError.TooManyHeaders));
    }

    [Test]
    public void TryParse_RandomBytesAndMutatedSearches_NeverThrows()
    {
        var random = new Random(1900);
        var valid = Ascii(IgdSearch);
        for (var i = 0; i < 5000; i++)
        {
            var datagram = i % 2 == 0 ? new byte[random.Next(0, 600)] : (byte[])valid.Clone();
            if (i % 2 == 0)
            {
                random.NextBytes(datagram);
            }
            else
            {
                datagram[random.Next(datagram.Length)] = (byte)random.Next(0x09, 0x7F);
            }

            Assert.DoesNotThrow(() => SsdpMessage.TryParse(datagram, out _));
        }
    }

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);
}
