using System.Text;
using CsCheck;
using IgdLab.Device.Upnp.Description;
using IgdLab.TestUtilities;

namespace IgdLab.Device.Tests.Upnp.Description;

/// <summary>
/// Random bytes and mutations of real routers' root descriptions through the client's description parser: whatever
/// a router serves, the parser returns an IGD whose connection services all have usable control URLs, or refuses it
/// with a reason and the description's URL; it never throws anything else.
/// </summary>
public sealed class IgdDescriptionParserFuzzTests
{
    private const long Iterations = 20_000;

    private static readonly byte[][] Descriptions =
    [
        DescriptionSamples.RouterFile("linksys-wag200g_desc.xml"),
        DescriptionSamples.RouterFile("orange-livebox_desc.xml"),
        DescriptionSamples.RouterFile("dlink-xtreme-n-gigabit_desc.xml"),
        Encoding.UTF8.GetBytes(DescriptionSamples.IgdXml(
            DescriptionSamples.Service(DescriptionSamples.WanIp2, "/ctl/IPConn") + DescriptionSamples.Service(DescriptionSamples.WanPpp1, "ctl/PPPConn"),
            urlBase: "http://127.0.0.1:5000/")),
    ];

    // DTD and entity tricks, the declarations and encodings routers get wrong, and the elements the parser walks.
    private static readonly byte[][] Fragments =
    [
        .. new[]
        {
            "<!DOCTYPE root [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>", "<!DOCTYPE root SYSTEM \"file:///etc/passwd\">",
            "&b;", "&nbsp;", "&", "&#0;", "&#x10FFFF;", "&#xD800;", "<![CDATA[", "]]>", "<!--", "-->", "<?xml version=\"1.0\"?>",
            "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>", "<?xml version=\"1.0\" encoding=\"UTF-16\"?>", "<?xml version=\"1.0\" encoding=\"bogus\"?>",
            "<device>", "</device>", "<deviceList>", "</deviceList>", "<serviceList>", "</serviceList>", "<service>", "</service>",
            "<URLBase>http://[::1]:0/</URLBase>", "<URLBase>file:///x</URLBase>", "<controlURL>javascript:alert(1)</controlURL>",
            "<controlURL>//127.0.0.1:1/x</controlURL>", "<controlURL>http://%s:%d/x</controlURL>", "<controlURL>http://[::1/x</controlURL>",
            "<serviceType>urn:schemas-upnp-org:service:WANIPConnection:99999999999</serviceType>",
            "<serviceType>urn:dslforum-org:service:WANPPPConnection:1</serviceType>", "xmlns:s=\"\"", "<s:device>", "</x:device>",
            string.Concat(Enumerable.Repeat("<device><deviceList>", 40)), "\uFEFF", "\u00E9",
        }.Select(Encoding.UTF8.GetBytes),
        [0xFF, 0xFE], [0xFE, 0xFF], [0xEF, 0xBB, 0xBF], [0xC3, 0x28], [0x00], [0x80, 0x81],
    ];

    private static readonly Gen<byte[]> Documents = Gen.Frequency(
        (1, Gen.Byte.Array[0, 2000]),
        (8, FuzzInputs.Mutated(Descriptions, Fragments)));

    [Test]
    public void Parse_AnyDocument_IsAnIgdOrARefusalWithAReason()
    {
        var location = DescriptionSamples.Location;
        var (parsed, refused) = (0, 0);
        Documents.Sample(document =>
        {
            IgdDescription description;
            try
            {
                description = IgdDescriptionParser.Parse(document, location);
                Interlocked.Increment(ref parsed);
            }
            catch (UpnpDescriptionException ex)
            {
                Interlocked.Increment(ref refused);
                return Enum.IsDefined(ex.Reason) && ex.Location == location && ex.Message.Contains(location.ToString(), StringComparison.Ordinal);
            }

            return description.ConnectionServices.Count > 0
                && description.Services.All(service => IsHttp(service.ControlUrl)
                    && (service.EventSubUrl is null || IsHttp(service.EventSubUrl))
                    && (service.ScpdUrl is null || IsHttp(service.ScpdUrl)))
                && (description.UrlBase is null || IsHttp(description.UrlBase));
        }, iter: Iterations, print: FuzzInputs.Show);

        Assert.That(new[] { parsed, refused }, Is.All.GreaterThan(Iterations / 100), $"parsed {parsed}, refused {refused}");
    }

    private static bool IsHttp(Uri url) => url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);
}
