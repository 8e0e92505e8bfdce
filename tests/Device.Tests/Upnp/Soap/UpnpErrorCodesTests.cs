using IgdLab.Device.Upnp.Soap;

namespace IgdLab.Device.Tests.Upnp.Soap;

public sealed class UpnpErrorCodesTests
{
    [TestCase(401, "InvalidAction")]
    [TestCase(402, "InvalidArgs")]
    [TestCase(501, "ActionFailed")]
    [TestCase(606, "ActionNotAuthorized")]
    [TestCase(713, "SpecifiedArrayIndexInvalid")]
    [TestCase(714, "NoSuchEntryInArray")]
    [TestCase(718, "ConflictInMappingEntry")]
    [TestCase(725, "OnlyPermanentLeasesSupported")]
    [TestCase(728, "NoPortMapsAvailable")]
    [TestCase(733, "InconsistentParameters")]
    public void NameOf_KnownCode_IsTheSpecificationName(int code, string name)
    {
        Assert.That(UpnpErrorCodes.NameOf(code), Is.EqualTo(name));
        Assert.That(UpnpErrorCodes.MeaningOf(code), Is.Not.Empty);
    }

    [TestCase(650, "common action")]
    [TestCase(799, "action-specific")]
    [TestCase(899, "vendor-specific")]
    [TestCase(42, "outside")]
    public void MeaningOf_UnknownCode_NamesItsRange(int code, string range)
    {
        Assert.That(UpnpErrorCodes.NameOf(code), Is.EqualTo("Unknown"));
        Assert.That(UpnpErrorCodes.MeaningOf(code), Does.Contain(range));
    }

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
