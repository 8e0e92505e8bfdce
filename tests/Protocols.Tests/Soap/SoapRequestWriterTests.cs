using IgdLab.Protocols.Soap;
using IgdLab.Protocols.Upnp;

namespace IgdLab.Protocols.Tests.Soap;

public sealed class SoapRequestWriterTests
{
    [Test]
    public void Write_NoArguments_IsACompactEnvelope()
    {
        var body = SoapRequestWriter.Write(UpnpUrns.WanIpConnection1, "GetExternalIPAddress", []);

        Assert.That(body, Is.EqualTo(
            "<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" " +
            "s:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"><s:Body>" +
            "<u:GetExternalIPAddress xmlns:u=\"urn:schemas-upnp-org:service:WANIPConnection:1\"></u:GetExternalIPAddress></s:Body></s:Envelope>"));
    }

    [Test]
    public void Write_Arguments_AreEscapedUnqualifiedAndInOrder()
    {
        var body = SoapRequestWriter.Write("urn:x:service:S:1", "Act", [KeyValuePair.Create("B", "<&>\"'"), KeyValuePair.Create("A", "x\ny")]);

        Assert.That(body, Does.Contain("<B>&lt;&amp;&gt;&quot;&apos;</B><A>x&#10;y</A>"));
        Assert.That(System.Xml.Linq.XDocument.Parse(body).Descendants("A").Single().Value, Is.EqualTo("x\ny"));
    }

    [Test]
    public void Write_CharacterXmlCannotCarry_Throws() =>
        Assert.Throws<ArgumentException>(() => SoapRequestWriter.Write("urn:x", "Act", [KeyValuePair.Create("D", "bell\u0007")]));
}
