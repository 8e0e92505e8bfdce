using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace IgdLab.Contracts;

/// <summary>
/// The challenge a device's service answers to prove who it is, so that a probe through the gateway can tell the right
/// device from another that now holds the port. One line each way, ASCII:
/// <code>
/// → IGDLAB-HELLO &lt;challenge: 32 hex digits&gt;
/// ← IGDLAB-ID &lt;device id&gt; &lt;proof: 64 hex digits = HMAC-SHA256(key, challenge bytes ‖ UTF-8 device id)&gt;
/// </code>
/// </summary>
public static class IdentityHandshake
{
    /// <summary>The verb of the challenge line.</summary>
    public const string HelloVerb = "IGDLAB-HELLO";

    /// <summary>The verb of the answer line.</summary>
    public const string IdVerb = "IGDLAB-ID";

    /// <summary>Challenge length in bytes.</summary>
    public const int ChallengeBytes = 16;

    /// <summary>The longest line either side accepts.</summary>
    public const int MaxLineLength = 512;

    /// <summary>The longest answer line, newline included: the verb, an id of 128 characters in UTF-8, the proof.</summary>
    public const int MaxAnswerLength = 9 + 1 + (128 * 3) + 1 + ProofHexLength + 1;

    /// <summary>The challenge line's length, newline included.</summary>
    public const int HelloLength = 12 + 1 + (ChallengeBytes * 2) + 1;

    private const int ProofBytes = 32;
    private const int ProofHexLength = ProofBytes * 2;

    // Challenges come from the system's cryptographic generator, a block at a time: a call per challenge cost 0.7 µs,
    // a third of what the probe's two proofs cost to hash.
    [ThreadStatic]
    private static byte[]? _randomBlock;

    [ThreadStatic]
    private static int _randomTaken;

    /// <summary>A fresh random challenge.</summary>
    public static byte[] NewChallenge()
    {
        var challenge = new byte[ChallengeBytes];
        FillChallenge(challenge);
        return challenge;
    }

    /// <summary>Fills <paramref name="challenge"/> with fresh random bytes from the system's cryptographic generator.</summary>
    public static void FillChallenge(Span<byte> challenge)
    {
        var block = _randomBlock ??= new byte[1024];
        ArgumentOutOfRangeException.ThrowIfGreaterThan(challenge.Length, block.Length);
        if (_randomTaken == 0 || _randomTaken + challenge.Length > block.Length)
        {
            RandomNumberGenerator.Fill(block);
            _randomTaken = 0;
        }

        var taken = block.AsSpan(_randomTaken, challenge.Length);
        taken.CopyTo(challenge);
        taken.Clear();
        _randomTaken += challenge.Length;
        if (_randomTaken == block.Length)
        {
            _randomTaken = 0;
        }
    }

    /// <summary>The challenge line, newline included.</summary>
    public static string Hello(ReadOnlySpan<byte> challenge)
    {
        Span<byte> line = stackalloc byte[HelloLength];
        return Encoding.ASCII.GetString(line[..WriteHello(challenge, line)]);
    }

    /// <summary>Writes the challenge line, newline included, to <paramref name="destination"/>; returns its length.</summary>
    public static int WriteHello(ReadOnlySpan<byte> challenge, Span<byte> destination)
    {
        var length = 0;
        Append(destination, ref length, "IGDLAB-HELLO "u8);
        length += WriteHexLower(challenge, destination[length..]);
        destination[length++] = (byte)'\n';
        return length;
    }

    /// <summary>Reads a challenge line; false when it is not one.</summary>
    public static bool TryParseHello(string? line, out byte[] challenge)
    {
        challenge = [];
        if (line is null || Encoding.UTF8.GetByteCount(line) > MaxLineLength)
        {
            return false;
        }

        var parsed = new byte[ChallengeBytes];
        if (!TryParseHello(Encoding.UTF8.GetBytes(line), parsed))
        {
            return false;
        }

        challenge = parsed;
        return true;
    }

    /// <summary>
    /// Reads a challenge line (without its newline) into <paramref name="challenge"/> (<see cref="ChallengeBytes"/>
    /// long); false when it is not one. Spaces separate the fields; whitespace around the line does not count.
    /// </summary>
    public static bool TryParseHello(ReadOnlySpan<byte> line, Span<byte> challenge)
    {
        var rest = line.Trim(Whitespace);
        return NextField(ref rest).SequenceEqual("IGDLAB-HELLO"u8)
            && NextField(ref rest) is var hex && hex.Length == ChallengeBytes * 2
            && NextField(ref rest).IsEmpty
            && TryParseHex(hex, challenge);
    }

    /// <summary>
    /// Reads up to the first newline from <paramref name="stream"/> into <paramref name="buffer"/>; returns the line's
    /// length, what came before the peer closed, or -1 when the peer closed without sending anything or the line does
    /// not fit. Either side sends its line and then waits for the other's, so a read never takes bytes beyond the line
    /// that matter; reading whole chunks costs one system call per segment instead of one per byte.
    /// </summary>
    public static async ValueTask<int> ReadLineAsync(Stream stream, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer[length..], cancellationToken);
            if (read == 0)
            {
                return length == 0 ? -1 : length;
            }

            var newline = buffer.Span.Slice(length, read).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                return length + newline;
            }

            length += read;
        }

        return -1;
    }

    /// <summary>The proof for <paramref name="challenge"/> by <paramref name="deviceId"/> holding <paramref name="key"/>.</summary>
    public static byte[] Proof(ReadOnlySpan<byte> key, ReadOnlySpan<byte> challenge, string deviceId)
    {
        var proof = new byte[ProofBytes];
        WriteProof(key, challenge, deviceId, proof);
        return proof;
    }

    /// <summary>The answer line, newline included.</summary>
    public static string Answer(string deviceId, ReadOnlySpan<byte> key, ReadOnlySpan<byte> challenge)
    {
        Span<byte> line = stackalloc byte[MaxAnswerLength];
        return Encoding.UTF8.GetString(line[..WriteAnswer(deviceId, key, challenge, line)]);
    }

    /// <summary>Writes the answer line, newline included, to <paramref name="destination"/> (<see cref="MaxAnswerLength"/> is enough); returns its length.</summary>
    public static int WriteAnswer(string deviceId, ReadOnlySpan<byte> key, ReadOnlySpan<byte> challenge, Span<byte> destination)
    {
        ValidateDeviceId(deviceId);
        var length = 0;
        Append(destination, ref length, "IGDLAB-ID "u8);
        length += Encoding.UTF8.GetBytes(deviceId, destination[length..]);
        destination[length++] = (byte)' ';
        Span<byte> proof = stackalloc byte[ProofBytes];
        WriteProof(key, challenge, deviceId, proof);
        length += WriteHexLower(proof, destination[length..]);
        destination[length++] = (byte)'\n';
        return length;
    }

    /// <summary>Checks an answer line against the expected device and its key.</summary>
    public static HandshakeOutcome Verify(string? line, string expectedDeviceId, ReadOnlySpan<byte> key, ReadOnlySpan<byte> challenge) =>
        line is null ? HandshakeOutcome.Malformed : Verify(Encoding.UTF8.GetBytes(line), expectedDeviceId, key, challenge, out _);

    /// <summary>
    /// Checks an answer line (without its newline) against the expected device and its key; <paramref name="answeredBy"/>
    /// is the id the line names, when it is a handshake answer at all (the expected id's own string when it is that one).
    /// </summary>
    public static HandshakeOutcome Verify(
        ReadOnlySpan<byte> line, string expectedDeviceId, ReadOnlySpan<byte> key, ReadOnlySpan<byte> challenge, out string? answeredBy)
    {
        answeredBy = null;
        var rest = line.Trim(Whitespace);
        if (!NextField(ref rest).SequenceEqual("IGDLAB-ID"u8)
            || NextField(ref rest) is not { IsEmpty: false } deviceId
            || NextField(ref rest) is not { Length: ProofHexLength } proofHex
            || !NextField(ref rest).IsEmpty)
        {
            return HandshakeOutcome.Malformed;
        }

        if (!IsId(deviceId, expectedDeviceId))
        {
            answeredBy = Encoding.UTF8.GetString(deviceId);
            return HandshakeOutcome.WrongDevice;
        }

        Span<byte> proof = stackalloc byte[ProofBytes];
        if (!TryParseHex(proofHex, proof))
        {
            return HandshakeOutcome.Malformed;
        }

        answeredBy = expectedDeviceId;

        Span<byte> expected = stackalloc byte[ProofBytes];
        WriteProof(key, challenge, expectedDeviceId, expected);
        return CryptographicOperations.FixedTimeEquals(proof, expected) ? HandshakeOutcome.Verified : HandshakeOutcome.BadProof;
    }

    /// <summary>Device ids are printable, without spaces, at most 128 characters.</summary>
    public static void ValidateDeviceId(string deviceId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deviceId);
        if (deviceId.Length > 128 || !IsPrintableWithoutSpaces(deviceId))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"device id '{deviceId}' must be 1-128 printable characters without spaces"),
                nameof(deviceId));
        }
    }

    // A loop, not Any: every answer checks its device id, and Any allocated an enumerator for it.
    private static bool IsPrintableWithoutSpaces(string text)
    {
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }

    private static ReadOnlySpan<byte> Whitespace => " \t\r\n\v\f"u8;

    /// <summary>The proof into <paramref name="destination"/>: HMAC-SHA256(key, challenge ‖ UTF-8 device id).</summary>
    private static void WriteProof(ReadOnlySpan<byte> key, ReadOnlySpan<byte> challenge, string deviceId, Span<byte> destination)
    {
        Span<byte> message = stackalloc byte[challenge.Length + Encoding.UTF8.GetByteCount(deviceId)];
        challenge.CopyTo(message);
        Encoding.UTF8.GetBytes(deviceId, message[challenge.Length..]);
        HMACSHA256.HashData(key, message, destination);
    }

    /// <summary>The next field of <paramref name="rest"/> (fields are separated by runs of spaces); empty at the end.</summary>
    private static ReadOnlySpan<byte> NextField(ref ReadOnlySpan<byte> rest)
    {
        rest = rest.TrimStart((byte)' ');
        var end = rest.IndexOf((byte)' ');
        var field = end < 0 ? rest : rest[..end];
        rest = rest[field.Length..];
        return field;
    }

    private static bool IsId(ReadOnlySpan<byte> field, string deviceId)
    {
        Span<byte> expected = stackalloc byte[Encoding.UTF8.GetMaxByteCount(Math.Min(deviceId.Length, 512))];
        return deviceId.Length <= 512 && field.SequenceEqual(expected[..Encoding.UTF8.GetBytes(deviceId, expected)]);
    }

    private static bool TryParseHex(ReadOnlySpan<byte> hex, Span<byte> destination)
    {
        Span<char> chars = stackalloc char[hex.Length];
        Encoding.ASCII.GetChars(hex, chars);
        return Convert.FromHexString(chars, destination, out var consumed, out var written) == System.Buffers.OperationStatus.Done
            && consumed == hex.Length && written == destination.Length;
    }

    private static int WriteHexLower(ReadOnlySpan<byte> bytes, Span<byte> destination) =>
        Convert.TryToHexStringLower(bytes, destination, out var written)
            ? written
            : throw new ArgumentException("no room for the hex digits", nameof(destination));

    private static void Append(Span<byte> destination, ref int length, ReadOnlySpan<byte> text)
    {
        text.CopyTo(destination[length..]);
        length += text.Length;
    }
}

/// <summary>What an identity check found.</summary>
public enum HandshakeOutcome
{
    /// <summary>The expected device answered with a valid proof.</summary>
    Verified,

    /// <summary>Another device answered (the port now leads elsewhere).</summary>
    WrongDevice,

    /// <summary>The expected id, but the proof does not match its key.</summary>
    BadProof,

    /// <summary>The answer is not a handshake line.</summary>
    Malformed,
}
