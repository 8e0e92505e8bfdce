namespace IgdLab.Protocols.Tests;

public sealed class MappingProtocolTextTests
{
    [TestCase(MappingProtocol.Tcp, "TCP")]
    [TestCase(MappingProtocol.Udp, "UDP")]
    public void ToUpnp_EachProtocol_IsUpperCase(MappingProtocol protocol, string text)
    {
        Assert.That(protocol.ToUpnp(), Is.EqualTo(text));
        Assert.That(MappingProtocolText.TryParse(text, caseSensitive: true, out var parsed), Is.True);
        Assert.That(parsed, Is.EqualTo(protocol));
    }

    [Test]
    public void TryParse_LowerCase_IsRefusedOnlyWhenCaseSensitive()
    {
        Assert.That(MappingProtocolText.TryParse("udp", caseSensitive: true, out _), Is.False);
        Assert.That(MappingProtocolText.TryParse("udp", caseSensitive: false, out var parsed), Is.True);
        Assert.That(parsed, Is.EqualTo(MappingProtocol.Udp));
    }

    [TestCase("")]
    [TestCase(null)]
    [TestCase("SCTP")]
    public void TryParse_NeitherTcpNorUdp_IsRefused(string? text)
    {
        Assert.That(MappingProtocolText.TryParse(text, caseSensitive: false, out _), Is.False);
    }

    [Test]
    public void ToUpnp_UndefinedValue_Throws()
    {
        Assert.That(() => ((MappingProtocol)7).ToUpnp(), Throws.TypeOf<ArgumentOutOfRangeException>());
    }
}
