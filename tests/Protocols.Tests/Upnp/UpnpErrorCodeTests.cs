using IgdLab.Protocols.Upnp;

namespace IgdLab.Protocols.Tests.Upnp;

public sealed class UpnpErrorCodeTests
{
    [TestCase(401, "Invalid Action")]
    [TestCase(402, "Invalid Args")]
    [TestCase(501, "Action Failed")]
    [TestCase(606, "Action not authorized")]
    [TestCase(713, "SpecifiedArrayIndexInvalid")]
    [TestCase(714, "NoSuchEntryInArray")]
    [TestCase(718, "ConflictInMappingEntry")]
    [TestCase(725, "OnlyPermanentLeasesSupported")]
    [TestCase(728, "NoPortMapsAvailable")]
    [TestCase(733, "InconsistentParameters")]
    public void NameOf_KnownCode_IsTheSpecificationName(int code, string name)
    {
        Assert.That(UpnpErrorCode.NameOf(code), Is.EqualTo(name));
        Assert.That(UpnpErrorCode.Describe(code), Is.EqualTo(name));
        Assert.That(UpnpErrorCode.MeaningOf(code), Is.Not.Empty);
    }

    [TestCase(650, "common action")]
    [TestCase(799, "action-specific")]
    [TestCase(899, "vendor-specific")]
    [TestCase(42, "outside")]
    public void MeaningOf_UnknownCode_NamesItsRange(int code, string range)
    {
        Assert.That(UpnpErrorCode.NameOf(code), Is.EqualTo("Unknown"));
        Assert.That(UpnpErrorCode.MeaningOf(code), Does.Contain(range));
    }

    [Test]
    public void Describe_UnknownCode_IsTheGenericErrorDescription()
    {
        Assert.That(UpnpErrorCode.Describe(899), Is.EqualTo("Error"));
    }

    [Test]
    public void Constants_EveryOne_IsInTheTable()
    {
        var constants = typeof(UpnpErrorCode).GetFields()
            .Where(f => f.IsLiteral && f.FieldType == typeof(int))
            .Select(f => (int)f.GetRawConstantValue()!)
            .ToList();

        Assert.That(constants, Has.Count.GreaterThan(20));
        Assert.That(constants.Where(c => UpnpErrorCode.NameOf(c) == "Unknown"), Is.Empty);
    }
}
