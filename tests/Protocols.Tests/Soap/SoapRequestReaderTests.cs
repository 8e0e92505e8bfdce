using System.Text;
using IgdLab.Protocols.Soap;

namespace IgdLab.Protocols.Tests.Soap;

public sealed class SoapRequestReaderTests
{
    private const string Service = "urn:schemas-upnp-org:service:WANIPConnection:1";

    private static string Envelope(string inner, string prolog = "") =>
        "<?xml version=\"1.0\"?>" + prolog + "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" " +
        "s:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"><s:Body>" + inner + "</s:Body></s:Envelope>";

    private static SoapRequest Read(string xml, string? header = null) =>
        SoapRequestReader.Read(Encoding.UTF8.GetBytes(xml), header, 64 * 1024);

    [Test]
    public void Read_AddPortMapping_ReadsActionServiceAndArguments()
    {
        var request = Read(
            Envelope($"<u:AddPortMapping xmlns:u=\"{Service}\"><NewRemoteHost></NewRemoteHost><NewExternalPort>4000</NewExternalPort><NewProtocol>TCP</NewProtocol></u:AddPortMapping>"),
            $"\"{Service}#AddPortMapping\"");

        Assert.That(request.Action, Is.EqualTo("AddPortMapping"));
        Assert.That(request.ServiceType, Is.EqualTo(Service));
        Assert.That(request.ServiceName, Is.EqualTo("WANIPConnection"));
        Assert.That(request.ServiceVersion, Is.EqualTo(1));
        Assert.That(request.Arguments["NewExternalPort"], Is.EqualTo("4000"));
        Assert.That(request.Arguments["NewRemoteHost"], Is.Empty);
    }

    [Test]
    public void Read_LeadingWhitespace_IsTolerated()
    {
        var request = Read("\r\n  " + Envelope($"<u:GetExternalIPAddress xmlns:u=\"{Service}\"/>"));
        Assert.That(request.Action, Is.EqualTo("GetExternalIPAddress"));
    }

    [Test]
    public void Read_ExternalEntity_IsRejectedWithoutResolving()
    {
        var secret = Path.Combine(Path.GetTempPath(), $"igdlab-xxe-{Guid.NewGuid():N}.txt");
        File.WriteAllText(secret, "SECRET");
        try
        {
            var xml = $"<?xml version=\"1.0\"?><!DOCTYPE s:Envelope [<!ENTITY xxe SYSTEM \"file://{secret}\">]>" +
                "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>" +
                $"<u:AddPortMapping xmlns:u=\"{Service}\"><NewPortMappingDescription>&xxe;</NewPortMappingDescription></u:AddPortMapping></s:Body></s:Envelope>";
            var error = Assert.Throws<SoapFormatException>(() => Read(xml));
            Assert.That(error!.Message, Does.Contain("DTD"));
            Assert.That(error.Message, Does.Not.Contain("SECRET"));
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [Test]
    public void Read_EntityExpansionBomb_IsRejected()
    {
        var entities = new StringBuilder("<!ENTITY lol0 \"lol\">");
        for (var i = 1; i < 10; i++)
        {
            entities.Append($"<!ENTITY lol{i} \"&lol{i - 1};&lol{i - 1};&lol{i - 1};&lol{i - 1};&lol{i - 1};&lol{i - 1};&lol{i - 1};&lol{i - 1};&lol{i - 1};&lol{i - 1};\">");
        }

        var xml = Envelope($"<u:GetExternalIPAddress xmlns:u=\"{Service}\">&lol9;</u:GetExternalIPAddress>", $"<!DOCTYPE lolz [{entities}]>");
        Assert.Throws<SoapFormatException>(() => Read(xml));
    }

    [TestCase("not xml at all")]
    [TestCase("<a><b></a>")]
    [TestCase("<Envelope/>")]
    [TestCase("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"/>")]
    [TestCase("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body/></s:Envelope>")]
    [TestCase("")]
    public void Read_Malformed_ThrowsSoapFormatException(string xml)
    {
        Assert.Throws<SoapFormatException>(() => Read(xml));
    }

    [Test]
    public void Read_HeaderNamesAnotherAction_IsRejected()
    {
        Assert.Throws<SoapFormatException>(() => Read(
            Envelope($"<u:GetExternalIPAddress xmlns:u=\"{Service}\"/>"), $"\"{Service}#DeletePortMapping\""));
    }

    [Test]
    public void Read_NestedArgument_IsRejected()
    {
        Assert.Throws<SoapFormatException>(() => Read(
            Envelope($"<u:AddPortMapping xmlns:u=\"{Service}\"><NewExternalPort><x>1</x></NewExternalPort></u:AddPortMapping>")));
    }
}
