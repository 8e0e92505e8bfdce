using System.Text;
using IgdLab.Contracts;

namespace IgdLab.Prober.Tests.Contracts;

public sealed class IdentityHandshakeTests
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("device-key");
    private static readonly byte[] Challenge = Convert.FromHexString("00112233445566778899aabbccddeeff");

    [TestCase("cam-1")]
    [TestCase("gerät-7")]
    public void Answer_ToItsChallenge_IsVerified_AsTextAndAsBytes(string deviceId)
    {
        var line = IdentityHandshake.Answer(deviceId, Key, Challenge);
        Span<byte> bytes = stackalloc byte[IdentityHandshake.MaxAnswerLength];
        var length = IdentityHandshake.WriteAnswer(deviceId, Key, Challenge, bytes);

        Assert.That(Encoding.UTF8.GetString(bytes[..length]), Is.EqualTo(line));
        Assert.That(IdentityHandshake.Verify(line.TrimEnd('\n'), deviceId, Key, Challenge), Is.EqualTo(HandshakeOutcome.Verified));
        Assert.That(IdentityHandshake.Verify(bytes[..(length - 1)], deviceId, Key, Challenge, out var answeredBy), Is.EqualTo(HandshakeOutcome.Verified));
        Assert.That(answeredBy, Is.EqualTo(deviceId));
    }

    [Test]
    public void Verify_AnotherDevicesAnswer_IsWrongDevice_AndNamesIt()
    {
        var line = Encoding.UTF8.GetBytes(IdentityHandshake.Answer("nas-2", Key, Challenge).TrimEnd('\n'));

        Assert.That(IdentityHandshake.Verify(line, "cam-1", Key, Challenge, out var answeredBy), Is.EqualTo(HandshakeOutcome.WrongDevice));
        Assert.That(answeredBy, Is.EqualTo("nas-2"));
    }

    [Test]
    public void Verify_AnotherKeyOrChallenge_IsBadProof()
    {
        var line = IdentityHandshake.Answer("cam-1", Key, Challenge);
        var otherChallenge = (byte[])Challenge.Clone();
        otherChallenge[0] ^= 1;

        Assert.That(IdentityHandshake.Verify(line, "cam-1", "other-key"u8, Challenge), Is.EqualTo(HandshakeOutcome.BadProof));
        Assert.That(IdentityHandshake.Verify(line, "cam-1", Key, otherChallenge), Is.EqualTo(HandshakeOutcome.BadProof));
    }

    [TestCase("")]
    [TestCase("IGDLAB-ID cam-1")]
    [TestCase("IGDLAB-ID cam-1 abcd")]
    [TestCase("IGDLAB-ID cam-1 zz23456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [TestCase("IGDLAB-ID cam-1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef extra")]
    [TestCase("IGDLAB-HELLO 00112233445566778899aabbccddeeff")]
    [TestCase("igdlab-id cam-1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void Verify_NotAnAnswer_IsMalformed(string line)
    {
        Assert.That(IdentityHandshake.Verify(Encoding.UTF8.GetBytes(line), "cam-1", Key, Challenge, out var answeredBy), Is.EqualTo(HandshakeOutcome.Malformed));
        Assert.That(answeredBy, Is.Null);
        Assert.That(IdentityHandshake.Verify(line, "cam-1", Key, Challenge), Is.EqualTo(HandshakeOutcome.Malformed));
    }

    [TestCase("IGDLAB-HELLO 00112233445566778899aabbccddeeff")]
    [TestCase("  IGDLAB-HELLO   00112233445566778899AABBCCDDEEFF \r")]
    public void TryParseHello_AHelloLine_GivesItsChallenge(string line)
    {
        Span<byte> challenge = stackalloc byte[IdentityHandshake.ChallengeBytes];

        Assert.That(IdentityHandshake.TryParseHello(Encoding.ASCII.GetBytes(line), challenge), Is.True);
        Assert.That(challenge.ToArray(), Is.EqualTo(Challenge));
        Assert.That(IdentityHandshake.TryParseHello(line, out var parsed), Is.True);
        Assert.That(parsed, Is.EqualTo(Challenge));
    }

    [TestCase("")]
    [TestCase("IGDLAB-HELLO")]
    [TestCase("IGDLAB-HELLO 0011")]
    [TestCase("IGDLAB-HELLO 00112233445566778899aabbccddeefg")]
    [TestCase("IGDLAB-HELLO 00112233445566778899aabbccddeeff more")]
    [TestCase("HELLO 00112233445566778899aabbccddeeff")]
    public void TryParseHello_AnythingElse_IsNotAHello(string line)
    {
        Span<byte> challenge = stackalloc byte[IdentityHandshake.ChallengeBytes];

        Assert.That(IdentityHandshake.TryParseHello(Encoding.ASCII.GetBytes(line), challenge), Is.False);
        Assert.That(IdentityHandshake.TryParseHello(line, out _), Is.False);
    }

    [Test]
    public void WriteHello_IsTheHelloLine_AndParsesBack()
    {
        Span<byte> line = stackalloc byte[IdentityHandshake.HelloLength];
        Span<byte> parsed = stackalloc byte[IdentityHandshake.ChallengeBytes];

        var length = IdentityHandshake.WriteHello(Challenge, line);

        Assert.That(Encoding.ASCII.GetString(line[..length]), Is.EqualTo("IGDLAB-HELLO 00112233445566778899aabbccddeeff\n"));
        Assert.That(length, Is.EqualTo(IdentityHandshake.HelloLength));
        Assert.That(IdentityHandshake.TryParseHello(line[..(length - 1)], parsed), Is.True);
        Assert.That(parsed.ToArray(), Is.EqualTo(Challenge));
    }

    [Test]
    public void NewChallenge_ManyInARow_AreAllDifferent()
    {
        // 200 challenges span several of the blocks drawn from the system's generator.
        var challenges = Enumerable.Range(0, 200).Select(_ => Convert.ToHexString(IdentityHandshake.NewChallenge())).ToList();

        Assert.That(challenges, Is.Unique);
        Assert.That(challenges, Has.All.Length.EqualTo(IdentityHandshake.ChallengeBytes * 2));
    }
}
