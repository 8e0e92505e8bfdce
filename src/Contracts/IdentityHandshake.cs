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

    /// <summary>A fresh random challenge.</summary>
    public static byte[] NewChallenge() => RandomNumberGenerator.GetBytes(ChallengeBytes);

    /// <summary>The challenge line, newline included.</summary>
    public static string Hello(ReadOnlySpan<byte> challenge) => $"{HelloVerb} {Convert.ToHexStringLower(challenge)}\n";

    /// <summary>Reads a challenge line; false when it is not one.</summary>
    public static bool TryParseHello(string? line, out byte[] challenge)
    {
        challenge = [];
        var parts = line?.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts is not [HelloVerb, var hex] || hex.Length != ChallengeBytes * 2)
        {
            return false;
        }

        try
        {
            challenge = Convert.FromHexString(hex);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The proof for <paramref name="challenge"/> by <paramref name="deviceId"/> holding <paramref name="key"/>.</summary>
    public static byte[] Proof(ReadOnlySpan<byte> key, ReadOnlySpan<byte> challenge, string deviceId)
    {
        var id = Encoding.UTF8.GetBytes(deviceId);
        var message = new byte[challenge.Length + id.Length];
        challenge.CopyTo(message);
        id.CopyTo(message.AsSpan(challenge.Length));
        return HMACSHA256.HashData(key, message);
    }

    /// <summary>The answer line, newline included.</summary>
    public static string Answer(string deviceId, ReadOnlySpan<byte> key, ReadOnlySpan<byte> challenge)
    {
        ValidateDeviceId(deviceId);
        return $"{IdVerb} {deviceId} {Convert.ToHexStringLower(Proof(key, challenge, deviceId))}\n";
    }

    /// <summary>Checks an answer line against the expected device and its key.</summary>
    public static HandshakeOutcome Verify(string? line, string expectedDeviceId, ReadOnlySpan<byte> key, ReadOnlySpan<byte> challenge)
    {
        var parts = line?.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts is not [IdVerb, var deviceId, var proofHex] || proofHex.Length != 64)
        {
            return HandshakeOutcome.Malformed;
        }

        if (!string.Equals(deviceId, expectedDeviceId, StringComparison.Ordinal))
        {
            return HandshakeOutcome.WrongDevice;
        }

        byte[] proof;
        try
        {
            proof = Convert.FromHexString(proofHex);
        }
        catch (FormatException)
        {
            return HandshakeOutcome.Malformed;
        }

        return CryptographicOperations.FixedTimeEquals(proof, Proof(key, challenge, deviceId))
            ? HandshakeOutcome.Verified
            : HandshakeOutcome.BadProof;
    }

    /// <summary>The device id in an answer line, or null (for reporting who answered instead).</summary>
    public static string? AnsweringDevice(string? line) =>
        line?.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries) is [IdVerb, var deviceId, _] ? deviceId : null;

    /// <summary>Device ids are printable, without spaces, at most 128 characters.</summary>
    public static void ValidateDeviceId(string deviceId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deviceId);
        if (deviceId.Length > 128 || deviceId.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"device id '{deviceId}' must be 1-128 printable characters without spaces"),
                nameof(deviceId));
        }
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
