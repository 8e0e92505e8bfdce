using System.Text;
using IgdLab.Igd.Ssdp;

namespace IgdLab.Igd.Tests.Ssdp;

public sealed class SsdpMessageBuilderTests
{
    [Test]
    public void ToBytes_ResponseWithHeaders_WritesCrlfLinesAndBlankLine()
    {
        var bytes = SsdpMessageBuilder.Response().Header("ST", "ssdp:all").Header("MX", 3).ToBytes();

        Assert.That(Encoding.ASCII.GetString(bytes), Is.EqualTo("HTTP/1.1 200 OK\r\nST: ssdp:all\r\nMX: 3\r\n\r\n"));
    }

    [Test]
    public void Header_EmptyValue_WritesNameAndColonOnly()
    {
        var text = SsdpMessageBuilder.Response().Header("EXT", "").ToString();

        Assert.That(text, Is.EqualTo("HTTP/1.1 200 OK\r\nEXT:\r\n\r\n"));
    }

    [TestCase("Linux\r\nX-Evil: 1")]
    [TestCase("a\nb")]
    public void Header_ValueWithLineBreak_Throws(string value)
    {
        Assert.That(() => SsdpMessageBuilder.Notify().Header("SERVER", value), Throws.ArgumentException);
    }

    [Test]
    public void ToBytes_Search_RoundTripsThroughTheParser()
    {
        var bytes = SsdpMessageBuilder.Search().Header("HOST", "127.0.0.1:1900").Header("ST", "upnp:rootdevice").ToBytes();

        Assert.That(SsdpMessage.TryParse(bytes, out var message), Is.True);
        Assert.That(message!.Kind, Is.EqualTo(SsdpMessageKind.Search));
        Assert.That(message.SearchTarget, Is.EqualTo("upnp:rootdevice"));
    }

    [Test]
    public void ToBytes_Notify_StartsWithNotifyLine()
    {
        var text = SsdpMessageBuilder.Notify().Header("NTS", "ssdp:alive").ToString();

        Assert.That(text, Does.StartWith("NOTIFY * HTTP/1.1\r\n"));
    }
}
