using System.Text;
using CsCheck;
using IgdLab.Contracts;
using IgdLab.Contracts.Control;

namespace IgdLab.Prober.Tests;

/// <summary>
/// Random and mutated input through what the watchdog reads from the network and from its operator: control-channel
/// frames, identity handshake lines, and keys files. Whatever arrives, reading never throws, and a refusal says why.
/// </summary>
public sealed class WatchdogInputFuzzTests
{
    private const long Iterations = 20_000;

    private static readonly byte[] Key = Encoding.UTF8.GetBytes("nas-key");
    private static readonly byte[] Challenge = Convert.FromHexString("00112233445566778899aabbccddeeff");

    private static readonly Gen<byte[]> AnyBytes = Gen.Byte.Array[0, 600];

    // Valid frames with a few bytes changed, cut or extended: the inputs most likely to reach deep into the parser.
    private static readonly Gen<byte[]> MutatedFrames =
        Gen.Select(Gen.Long, Gen.Int[0, 70_000], Gen.Int[0, 8].SelectMany(n => Gen.Select(Gen.Int[0, 400], Gen.Byte).Array[n]), Gen.Int[-16, 16])
            .Select((sequence, port, edits, resize) =>
            {
                var bytes = ControlProtocol.Serialize(new ReportMessage(sequence, new MappingReport("127.0.0.2", port, MappingProtocol.Tcp, "127.0.0.5", 8080, 600)));
                foreach (var (at, value) in edits)
                {
                    bytes[at % bytes.Length] = value;
                }

                Array.Resize(ref bytes, Math.Max(0, bytes.Length + resize));
                return bytes;
            });

    private static readonly Gen<byte[]> MutatedAnswers =
        Gen.Select(Gen.Int[0, 6].SelectMany(n => Gen.Select(Gen.Int[0, 200], Gen.Byte).Array[n]), Gen.Int[-8, 8])
            .Select((edits, resize) =>
            {
                var bytes = Encoding.UTF8.GetBytes(IdentityHandshake.Answer("nas", Key, Challenge).TrimEnd('\n'));
                foreach (var (at, value) in edits)
                {
                    bytes[at % bytes.Length] = value;
                }

                Array.Resize(ref bytes, Math.Max(0, bytes.Length + resize));
                return bytes;
            });

    [Test]
    public void ControlFrames_AnyBytes_AreAMessageOrARefusalWithAReason()
    {
        Gen.OneOf(AnyBytes, MutatedFrames).Sample(frame =>
        {
            var message = ControlProtocol.TryDeserialize(frame, out var error);
            return message is not null || !string.IsNullOrEmpty(error);
        }, iter: Iterations);
    }

    [Test]
    public void HandshakeLines_AnyBytes_AreJudgedWithoutThrowing()
    {
        Gen.OneOf(AnyBytes, MutatedAnswers).Sample(line =>
        {
            Span<byte> challenge = stackalloc byte[IdentityHandshake.ChallengeBytes];
            _ = IdentityHandshake.TryParseHello(line, challenge);
            var outcome = IdentityHandshake.Verify(line, "nas", Key, Challenge, out var answeredBy);
            return Enum.IsDefined(outcome) && (outcome != HandshakeOutcome.Verified || answeredBy == "nas");
        }, iter: Iterations);
    }

    [Test]
    public void KeysFiles_AnyText_AreKeysOrProblemsAtTheirLines()
    {
        var anyChar = Gen.OneOf(Gen.Char['\0', '\u00ff'], Gen.Const(' '), Gen.Const('\t'), Gen.Const('#'), Gen.Char['a', 'z']);
        var anyLine = anyChar.Array[0, 40].Select(chars => new string(chars));
        anyLine.Array[0, 12].Sample(lines =>
        {
            var (keys, problems) = DeviceKeysFile.Parse("keys", lines);
            var located = problems.All(problem =>
            {
                var parts = problem.Split(':', 4);
                return parts.Length == 4 && parts[0] == "keys" && int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) is var line
                    && line >= 1 && line <= lines.Length && int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture) >= 1;
            });
            return located && keys.All(pair => pair.Value.Length > 0 && !pair.Key.Any(char.IsWhiteSpace));
        }, iter: Iterations);
    }
}
