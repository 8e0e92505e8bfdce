using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace IgdLab.Contracts.InProcess;

/// <summary>
/// A connection in memory: two streams joined by a pipe each way. What one side writes the other reads; disposing a
/// side ends the other's reading after the bytes already written (like a FIN), and the other's writes then fail (like
/// a reset). <see cref="Reset"/> breaks the connection off the way a TCP reset does. Both streams implement
/// <see cref="IConnectionEndPoints"/>.
/// </summary>
public static class MemoryConnection
{
    /// <summary>Both ends of a new connection between <paramref name="client"/> and <paramref name="server"/>.</summary>
    /// <param name="client">The client's endpoint (the server side's remote endpoint); null when unknown.</param>
    /// <param name="server">The server's endpoint (the client side's remote endpoint); null when unknown.</param>
    public static (Stream Client, Stream Server) CreatePair(IPEndPoint? client = null, IPEndPoint? server = null)
    {
        var toServer = new Pipe();
        var toClient = new Pipe();
        return (
            new PipeStream(toClient.Reader, toServer.Writer, local: client, remote: server),
            new PipeStream(toServer.Reader, toClient.Writer, local: server, remote: client));
    }

    /// <summary>
    /// Closes <paramref name="side"/> with a reset: the other side's reads throw an <see cref="IOException"/> (with a
    /// <see cref="SocketException"/> of <see cref="SocketError.ConnectionReset"/> inside, as a socket's stream would)
    /// instead of ending quietly, even before the bytes still in flight. Another stream is just disposed.
    /// </summary>
    public static void Reset(Stream side)
    {
        ArgumentNullException.ThrowIfNull(side);
        if (side is PipeStream pipe)
        {
            pipe.Reset();
        }
        else
        {
            side.Dispose();
        }
    }

    private sealed class PipeStream(PipeReader input, PipeWriter output, IPEndPoint? local, IPEndPoint? remote) : Stream, IConnectionEndPoints
    {
        private int _disposed;

        public IPEndPoint? LocalEndPoint => local;

        public IPEndPoint? RemoteEndPoint => remote;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            if (buffer.IsEmpty)
            {
                return 0;
            }

            while (true)
            {
                var result = await input.ReadAsync(cancellationToken);
                var available = result.Buffer;
                if (!available.IsEmpty)
                {
                    var taken = (int)Math.Min(available.Length, buffer.Length);
                    available.Slice(0, taken).CopyTo(buffer.Span);
                    input.AdvanceTo(available.GetPosition(taken));
                    return taken;
                }

                input.AdvanceTo(available.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    return 0;
                }
            }
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            var result = await output.WriteAsync(buffer, cancellationToken);
            if (result.IsCompleted)
            {
                throw new IOException("the other end of the in-memory connection is closed");
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public void Reset()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                input.Complete();
                output.Complete(new IOException(
                    "the in-memory connection was reset by its peer", new SocketException((int)SocketError.ConnectionReset)));
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                input.Complete();
                output.Complete();
            }

            base.Dispose(disposing);
        }
    }
}
