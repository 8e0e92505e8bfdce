using System.Text;
using IgdLab.Contracts;

namespace IgdLab.TestUtilities;

/// <summary>
/// A device's side of the identity handshake for tests' stand-in services: read the hello line, answer it as a given
/// device holding a given key. Anything else gets no answer.
/// </summary>
public static class HandshakeAnswerer
{
    /// <summary>Reads one line from <paramref name="stream"/> and answers it when it is a hello; returns at the end of the stream too.</summary>
    public static async Task AnswerAsync(Stream stream, string deviceId, byte[] key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = new byte[IdentityHandshake.MaxLineLength];
        var length = await IdentityHandshake.ReadLineAsync(stream, buffer, cancellationToken);
        if (length < 0)
        {
            return;
        }

        if (Answer(buffer.AsSpan(0, length), deviceId, key) is { } answer)
        {
            await stream.WriteAsync(answer, cancellationToken);
        }
    }

    /// <summary>The answer to <paramref name="received"/> (a datagram, or what was read of a stream) when its first line is a hello; null otherwise.</summary>
    public static byte[]? Answer(ReadOnlySpan<byte> received, string deviceId, byte[] key)
    {
        var newline = received.IndexOf((byte)'\n');
        Span<byte> challenge = stackalloc byte[IdentityHandshake.ChallengeBytes];
        return IdentityHandshake.TryParseHello(newline < 0 ? received : received[..newline], challenge)
            ? Encoding.UTF8.GetBytes(IdentityHandshake.Answer(deviceId, key, challenge))
            : null;
    }
}
