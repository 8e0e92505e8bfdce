using IgdLab.Igd.Faults;

namespace IgdLab.Igd.Forwarding;

/// <summary>
/// The gateway's side of an in-memory TCP connection as it crosses the WAN link back to the caller: the first bytes
/// the gateway sends wait one crossing's delay (the reply's way back; later ones follow them in order), and while the
/// link is cut outbound what the gateway sends is lost. TCP would not deliver anything after such a gap, so a
/// connection that lost bytes stays <see cref="Swallowed"/>. Reads pass straight through; disposing it leaves the
/// connection open (its <see cref="OutsideConnection"/> ends it).
/// </summary>
internal sealed class LinkStream(Stream inner, WanLink link) : Stream
{
    private bool _crossed;

    /// <summary>Whether bytes the gateway sent were lost to an outbound partition.</summary>
    public bool Swallowed { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Swallowed || link.Blocks(PartitionDirection.Outbound))
        {
            Swallowed = true;
            return;
        }

        if (!_crossed)
        {
            _crossed = true;
            await link.CrossAsync(cancellationToken);
        }

        await inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
