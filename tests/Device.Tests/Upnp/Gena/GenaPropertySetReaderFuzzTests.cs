using System.Text;
using System.Xml;
using CsCheck;
using IgdLab.Device.Upnp.Gena;
using IgdLab.TestUtilities;

namespace IgdLab.Device.Tests.Upnp.Gena;

/// <summary>
/// Random and mutated NOTIFY bodies through the control point's property-set reader: whatever a router sends, the
/// reader returns named variables or throws the <see cref="XmlException"/> that the NOTIFY handler answers with 400.
/// </summary>
public sealed class GenaPropertySetReaderFuzzTests
{
    private const long Iterations = 20_000;
    private const int MaxCharacters = 64 * 1024;

    private static readonly byte[][] Bodies =
    [
        .. new[]
        {
            "<?xml version=\"1.0\"?>\r\n<e:propertyset xmlns:e=\"urn:schemas-upnp-org:event-1-0\"><e:property><ExternalIPAddress>127.0.0.3</ExternalIPAddress>"
                + "</e:property><e:property><ConnectionStatus>Connected</ConnectionStatus></e:property></e:propertyset>",
            "<e:propertyset xmlns:e=\"urn:schemas-upnp-org:event-1-0\"><e:property><PortMappingNumberOfEntries>3</PortMappingNumberOfEntries>"
                + "</e:property><e:property><SystemUpdateID>7</SystemUpdateID></e:property></e:propertyset>",
            "<propertyset xmlns=\"urn:schemas-upnp-org:event-1-0\"><property><ExternalIPAddress/></property></propertyset>",
        }.Select(Encoding.UTF8.GetBytes),
    ];

    private static readonly byte[][] Fragments =
    [
        .. new[]
        {
            "<!DOCTYPE e:propertyset [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>", "<!DOCTYPE x SYSTEM \"file:///etc/passwd\">",
            "&b;", "&amp;", "&#0;", "&", "<![CDATA[<x/>]]>", "<e:property>", "</e:property>", "<x>", "</x>", "xmlns:e=\"\"",
            "<?xml version=\"1.0\" encoding=\"UTF-16\"?>", "<?xml version=\"1.0\" encoding=\"bogus\"?>", "\uFEFF",
        }.Select(Encoding.UTF8.GetBytes),
        [0xFF, 0xFE], [0xEF, 0xBB, 0xBF], [0xC3, 0x28], [0x00],
    ];

    [Test]
    public void Read_AnyBody_IsVariablesOrAnXmlError()
    {
        Gen.Frequency((1, Gen.Byte.Array[0, 800]), (6, FuzzInputs.Mutated(Bodies, Fragments))).Sample(body =>
        {
            try
            {
                var variables = GenaPropertySetReader.Read(body, MaxCharacters);
                return variables.All(variable => variable.Key.Length > 0 && variable.Value is not null);
            }
            catch (XmlException ex)
            {
                return ex.Message.Length > 0;
            }
        }, iter: Iterations, print: FuzzInputs.Show);
    }

    [Test]
    public void Read_AMiniupnpdPropertySet_ReadsEveryVariableInOrder()
    {
        var variables = GenaPropertySetReader.Read(Bodies[0], MaxCharacters);

        Assert.That(variables, Is.EqualTo(new[] { KeyValuePair.Create("ExternalIPAddress", "127.0.0.3"), KeyValuePair.Create("ConnectionStatus", "Connected") }));
    }
}
