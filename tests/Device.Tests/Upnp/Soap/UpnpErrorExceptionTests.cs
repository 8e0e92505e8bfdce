using IgdLab.Device.Upnp.Soap;

namespace IgdLab.Device.Tests.Upnp.Soap;

public sealed class UpnpErrorExceptionTests
{
    [Test]
    public void UpnpErrorException_Message_NamesActionCodeNameAndMeaning()
    {
        var error = new UpnpErrorException(718, "Conflict!", "AddPortMapping", new Uri("http://127.0.0.1:5000/ctl/IPConn"));

        Assert.That(error.Message, Is.EqualTo(
            "AddPortMapping at http://127.0.0.1:5000/ctl/IPConn failed with UPnP error 718 ConflictInMappingEntry \"Conflict!\": " +
            "the external port is already mapped to another internal client"));
        Assert.That((error.Code, error.Description, error.Action, error.Name), Is.EqualTo((718, "Conflict!", "AddPortMapping", "ConflictInMappingEntry")));
    }
}
