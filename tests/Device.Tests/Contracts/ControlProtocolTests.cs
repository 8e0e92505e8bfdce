using System.Text;
using IgdLab.Contracts.Control;

namespace IgdLab.Device.Tests.Contracts;

public sealed class ControlProtocolTests
{
    private static readonly MappingReport Report = new("127.0.0.2", 20000, MappingProtocol.Tcp, "127.0.0.5", 20000, 3600);

    private static IEnumerable<ControlMessage> Messages()
    {
        yield return new ChallengeMessage("00112233445566778899aabbccddeeff");
        yield return new AuthMessage("nas", new string('a', 64));
        yield return new WelcomeMessage("nas", 1000);
        yield return new ReportMessage(3, Report, "i-7");
        yield return new ReportAck(3);
        yield return new RemapInstruction("i-7", "refused: ConnectionRefused");
        yield return new RemapInstruction("i-8", "wrong-device: cam-2 answered", "[2001:db8::7]:5000");
        yield return new RemapInstruction("i-9", "refused: ConnectionRefused", "127.0.0.2:20000", 1767225600042);
        yield return new RemapFailed("i-7", "718 ConflictInMappingEntry");
        yield return new GatewaySignal(GatewaySignalKinds.Rebooted, "2");
        yield return new ControlError(ControlErrorCodes.Replaced, "another channel took over");
    }

    [TestCaseSource(nameof(Messages))]
    public void Serialize_EveryMessage_RoundTripsWithItsTypeName(ControlMessage message)
    {
        var bytes = ControlProtocol.Serialize(message);

        var back = ControlProtocol.TryDeserialize(bytes, out var error);

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.Null);
            Assert.That(back, Is.EqualTo(message));
            Assert.That(Encoding.UTF8.GetString(bytes), Does.StartWith("{\"type\":\""));
        });
    }

    [TestCase(MappingProtocol.Tcp, "\"protocol\":\"TCP\"")]
    [TestCase(MappingProtocol.Udp, "\"protocol\":\"UDP\"")]
    public void Serialize_ReportProtocol_IsTheWireSpelling(MappingProtocol protocol, string json)
    {
        var text = Encoding.UTF8.GetString(ControlProtocol.Serialize(new ReportMessage(1, Report with { Protocol = protocol })));

        Assert.That(text, Does.Contain(json));
    }

    [Test]
    public void TryDeserialize_ReportProtocolInLowerCase_ReturnsNullNamingTheProtocol()
    {
        var frame = Encoding.UTF8.GetString(ControlProtocol.Serialize(new ReportMessage(1, Report))).Replace("\"TCP\"", "\"tcp\"", StringComparison.Ordinal);

        var message = ControlProtocol.TryDeserialize(Encoding.UTF8.GetBytes(frame), out var error);

        Assert.That(message, Is.Null);
        Assert.That(error, Does.Contain("protocol 'tcp' is not TCP or UDP"));
    }

    [Test]
    public void TryDeserialize_TypeAfterOtherProperties_IsAccepted()
    {
        var back = ControlProtocol.TryDeserialize("{\"sequence\":4,\"type\":\"ack\"}"u8, out var error);

        Assert.That(back, Is.EqualTo(new ReportAck(4)), error);
    }

    [TestCase("not json")]
    [TestCase("{\"type\":\"launch-missiles\"}")]
    [TestCase("{\"nonce\":\"00\"}")]
    [TestCase("null")]
    [TestCase("[1,2]")]
    public void TryDeserialize_NotAMessage_ReturnsNullWithReason(string frame)
    {
        var back = ControlProtocol.TryDeserialize(Encoding.UTF8.GetBytes(frame), out var error);

        Assert.Multiple(() =>
        {
            Assert.That(back, Is.Null);
            Assert.That(error, Is.Not.Null.And.Not.Empty);
        });
    }

    [Test]
    public void TryDeserialize_OversizedFrame_IsRejectedBeforeParsing()
    {
        var frame = new byte[ControlProtocol.MaxMessageBytes + 1];

        Assert.Multiple(() =>
        {
            Assert.That(ControlProtocol.TryDeserialize(frame, out var error), Is.Null);
            Assert.That(error, Does.Contain("larger"));
        });
    }

    [Test]
    public void Validate_GoodReport_ReturnsNull() => Assert.That(ControlProtocol.Validate(Report), Is.Null);

    [Test]
    public void Validate_BadFields_NameTheField()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ControlProtocol.Validate(Report with { ExternalAddress = "gateway" }), Does.Contain("externalAddress"));
            Assert.That(ControlProtocol.Validate(Report with { InternalAddress = "" }), Does.Contain("internalAddress"));
            Assert.That(ControlProtocol.Validate(Report with { ExternalPort = 0 }), Does.Contain("externalPort"));
            Assert.That(ControlProtocol.Validate(Report with { InternalPort = 70000 }), Does.Contain("internalPort"));
            Assert.That(ControlProtocol.Validate(Report with { Protocol = (MappingProtocol)7 }), Does.Contain("protocol"));
        });
    }
}
