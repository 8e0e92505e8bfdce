using IgdLab.Igd.Gena;

namespace IgdLab.Igd.Tests.Gena;

public sealed class GenaPropertySetTests
{
    [Test]
    public void Build_TwoVariables_OnePropertyEach()
    {
        var body = GenaPropertySet.Build([new("ConnectionStatus", "Connected"), new("PortMappingNumberOfEntries", "3")]);

        Assert.That(body, Is.EqualTo(
            "<e:propertyset xmlns:e=\"urn:schemas-upnp-org:event-1-0\">"
            + "<e:property><ConnectionStatus>Connected</ConnectionStatus></e:property>"
            + "<e:property><PortMappingNumberOfEntries>3</PortMappingNumberOfEntries></e:property>"
            + "</e:propertyset>"));
    }

    [Test]
    public void Build_ValueWithMarkup_IsEscaped()
    {
        var body = GenaPropertySet.Build([new("Description", "<a href=\"x\">Tom & 'Jerry'</a>")]);

        Assert.That(body, Does.Contain("<Description>&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;</Description>"));
    }

    [Test]
    public void Build_ValueWithMarkup_RoundTripsThroughAnXmlParser()
    {
        const string value = "<b>&amp;</b> \"quoted\"";

        var body = GenaPropertySet.Build([new("Description", value)]);
        var parsed = new ReceivedNotify("/", null, "", "", "", "", "", 0, body).Variables;

        Assert.That(parsed, Is.EqualTo(new KeyValuePair<string, string>[] { new("Description", value) }));
    }
}
