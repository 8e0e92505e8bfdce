using System.Xml;
using IgdLab.Emulator.Reports;

namespace IgdLab.Emulator.Tests.Reports;

public sealed class XmlSafeTextTests
{
    [Test]
    public void Clean_ValidText_ReturnsItUnchanged()
    {
        const string text = "a<b & \"c\" → 😀";

        Assert.That(XmlSafeText.Clean(text), Is.SameAs(text));
    }

    [Test]
    public void Clean_ControlCharacterAndLoneSurrogate_ReplacesThem()
    {
        Assert.That(XmlSafeText.Clean("bind\u0001 failed \uD800 😀"), Is.EqualTo("bind\uFFFD failed \uFFFD 😀"));
    }

    [Test]
    public void Clean_Null_IsEmpty()
    {
        Assert.That(XmlSafeText.Clean(null), Is.Empty);
    }

    [Test]
    public void Clean_AnyText_XmlWriterAcceptsIt()
    {
        var text = new string(Enumerable.Range(0, 0x30).Select(i => (char)i).ToArray()) + "\uDC00\uFFFE";
        using var output = new StringWriter();
        using (var xml = XmlWriter.Create(output))
        {
            xml.WriteElementString("x", XmlSafeText.Clean(text));
        }

        Assert.That(output.ToString(), Does.Contain("<x>"));
    }
}
