using System.Net;
using IgdLab.Emulator.Text;

namespace IgdLab.Emulator.Tests.Text;

public sealed class AddressTextTests
{
    [Test]
    public void Parse_AnAddress_GivesIt() =>
        Assert.That(AddressText.Parse("127.0.0.7", "--lan-ip"), Is.EqualTo(IPAddress.Parse("127.0.0.7")));

    [Test]
    public void Parse_NotAnAddress_ThrowsNamingTheOption()
    {
        var thrown = Assert.Throws<FormatException>(() => AddressText.Parse("gateway", "--gateway"));
        Assert.That(thrown.Message, Is.EqualTo("--gateway: 'gateway' is not an IP address"));
    }

    [Test]
    public void Parse_CollectingProblems_AddsTheSameWordingAndGivesNull()
    {
        var problems = new List<string>();

        Assert.That(AddressText.Parse("nowhere", "--probe-from", problems), Is.Null);
        Assert.That(AddressText.Parse(null, "--probe-from", problems), Is.Null);
        Assert.That(AddressText.Parse("::1", "--probe-from", problems), Is.EqualTo(IPAddress.IPv6Loopback));
        Assert.That(problems, Is.EqualTo(new[] { "--probe-from: 'nowhere' is not an IP address" }));
    }
}
