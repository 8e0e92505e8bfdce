namespace IgdLab.Contracts.Control;

/// <summary>
/// The receive buffer of a control channel: it starts at 1 KiB (a report, an instruction or a ping is a few hundred
/// bytes) and grows by doubling, up to <see cref="Limit"/>, only while a larger message is arriving; it is small again
/// after that message. An idle channel waits in a receive with its buffer held, so with thousands of channels in one
/// process a fixed buffer of the protocol's limit (16 KiB each side) was most of a world's memory.
/// </summary>
public sealed class MessageBuffer
{
    private const int InitialBytes = 1024;

    private byte[] _bytes;

    /// <summary>A buffer that grows up to <paramref name="limit"/> bytes.</summary>
    public MessageBuffer(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        Limit = limit;
        _bytes = new byte[Math.Min(InitialBytes, limit)];
    }

    /// <summary>The most bytes the buffer grows to.</summary>
    public int Limit { get; }

    /// <summary>Where the next bytes of a message go after the <paramref name="used"/> already received; empty at the limit.</summary>
    public Memory<byte> After(int used)
    {
        if (used == _bytes.Length && _bytes.Length < Limit)
        {
            Array.Resize(ref _bytes, Math.Min(Limit, _bytes.Length * 2));
        }

        return _bytes.AsMemory(used);
    }

    /// <summary>The whole buffer, to read the rest of a message that is over the limit and thrown away.</summary>
    public Memory<byte> Discard => _bytes;

    /// <summary>The first <paramref name="length"/> bytes received.</summary>
    public ReadOnlySpan<byte> Message(int length) => _bytes.AsSpan(0, length);

    /// <summary>Makes the buffer small again once a large message has been dealt with.</summary>
    public void Shrink()
    {
        if (_bytes.Length > InitialBytes)
        {
            _bytes = new byte[InitialBytes];
        }
    }
}
