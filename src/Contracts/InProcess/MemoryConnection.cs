using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks.Sources;

namespace IgdLab.Contracts.InProcess;

/// <summary>
/// A connection in memory: two streams joined by a byte queue each way. What one side writes the other reads; disposing a
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
        var toServer = new ByteQueue();
        var toClient = new ByteQueue();
        return (
            new QueueStream(toClient, toServer, local: client, remote: server),
            new QueueStream(toServer, toClient, local: server, remote: client));
    }

    /// <summary>
    /// Closes <paramref name="side"/> with a reset: the other side's reads throw an <see cref="IOException"/> (with a
    /// <see cref="SocketException"/> of <see cref="SocketError.ConnectionReset"/> inside, as a socket's stream would)
    /// instead of ending quietly, even before the bytes still in flight. Another stream is just disposed.
    /// </summary>
    public static void Reset(Stream side)
    {
        ArgumentNullException.ThrowIfNull(side);
        if (side is QueueStream queued)
        {
            queued.Reset();
        }
        else
        {
            side.Dispose();
        }
    }

    /// <summary>
    /// One direction of a connection: what the writer wrote and the reader has not taken yet, and at most one read
    /// waiting for more. A write hands its bytes straight to a waiting read; the read's continuation runs on the thread
    /// pool, as a pipe's would, so a writer never runs the reader's code. There is no back-pressure: the world's
    /// messages are small, and each side reads what it is sent.
    /// </summary>
    private sealed class ByteQueue : IValueTaskSource<int>
    {
        private readonly Lock _gate = new();
        private ManualResetValueTaskSourceCore<int> _read = new() { RunContinuationsAsynchronously = true };
        private byte[] _bytes = [];
        private int _start;
        private int _count;
        private bool _writerDone;
        private Exception? _writerError;
        private bool _readerDone;
        private bool _reading;
        private Memory<byte> _readInto;
        private CancellationTokenRegistration _readCancellation;

        public ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            lock (_gate)
            {
                if (_reading)
                {
                    throw new InvalidOperationException("a read is already waiting on this connection");
                }

                if (_writerError is not null)
                {
                    throw new IOException(_writerError.Message, _writerError.InnerException);
                }

                if (_count > 0)
                {
                    return new ValueTask<int>(Take(buffer.Span));
                }

                if (_writerDone || _readerDone)
                {
                    return new ValueTask<int>(0);
                }

                _reading = true;
                _readInto = buffer;
                _read.Reset();
            }

            var version = _read.Version;
            if (cancellationToken.CanBeCanceled)
            {
                // Registered outside the lock, since a token cancelled meanwhile calls back at once. The read may end
                // before the registration is kept (a write, the end, that very callback): then it is not kept.
                var registration = cancellationToken.UnsafeRegister(static (state, token) => ((ByteQueue)state!).CancelRead(token), this);
                var kept = false;
                lock (_gate)
                {
                    if (_reading && _read.Version == version)
                    {
                        _readCancellation = registration;
                        kept = true;
                    }
                }

                if (!kept)
                {
                    registration.Dispose();
                }
            }

            return new ValueTask<int>(this, version);
        }

        /// <summary>Queues <paramref name="bytes"/> for the reader; false when the reader is gone.</summary>
        public bool Write(ReadOnlySpan<byte> bytes)
        {
            int handed;
            CancellationTokenRegistration registration;
            lock (_gate)
            {
                if (_readerDone || _writerDone)
                {
                    return false;
                }

                if (bytes.IsEmpty)
                {
                    return true;
                }

                if (!_reading)
                {
                    Append(bytes);
                    return true;
                }

                handed = Math.Min(bytes.Length, _readInto.Length);
                bytes[..handed].CopyTo(_readInto.Span);
                Append(bytes[handed..]);
                registration = EndRead();
            }

            registration.Dispose();
            _read.SetResult(handed);
            return true;
        }

        /// <summary>The writer is done: the reader takes what is queued and then the end; with an error, at once the error.</summary>
        public void CompleteWriter(Exception? error = null)
        {
            CancellationTokenRegistration registration;
            lock (_gate)
            {
                if (_writerDone)
                {
                    return;
                }

                _writerDone = true;
                _writerError = error;
                if (error is not null)
                {
                    _count = 0;
                }

                if (!_reading)
                {
                    return;
                }

                registration = EndRead();
            }

            registration.Dispose();
            if (error is null)
            {
                _read.SetResult(0);
            }
            else
            {
                _read.SetException(new IOException(error.Message, error.InnerException));
            }
        }

        /// <summary>The reader is done: later writes fail, and a read still waiting ends.</summary>
        public void CompleteReader()
        {
            CancellationTokenRegistration registration;
            lock (_gate)
            {
                _readerDone = true;
                _count = 0;
                if (!_reading)
                {
                    return;
                }

                registration = EndRead();
            }

            registration.Dispose();
            _read.SetResult(0);
        }

        int IValueTaskSource<int>.GetResult(short token) => _read.GetResult(token);

        ValueTaskSourceStatus IValueTaskSource<int>.GetStatus(short token) => _read.GetStatus(token);

        void IValueTaskSource<int>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _read.OnCompleted(continuation, state, token, flags);

        private void CancelRead(CancellationToken token)
        {
            lock (_gate)
            {
                if (!_reading)
                {
                    return;
                }

                // The registration returned is this callback's own: nothing to dispose.
                EndRead();
            }

            _read.SetException(new OperationCanceledException(token));
        }

        // Under the lock: the waiting read is over; its cancellation registration is the caller's to dispose.
        private CancellationTokenRegistration EndRead()
        {
            _reading = false;
            _readInto = default;
            var registration = _readCancellation;
            _readCancellation = default;
            return registration;
        }

        // Under the lock.
        private int Take(Span<byte> destination)
        {
            var taken = Math.Min(_count, destination.Length);
            _bytes.AsSpan(_start, taken).CopyTo(destination);
            _start += taken;
            _count -= taken;
            if (_count == 0)
            {
                _start = 0;
            }

            return taken;
        }

        // Under the lock.
        private void Append(ReadOnlySpan<byte> bytes)
        {
            if (bytes.IsEmpty)
            {
                return;
            }

            if (_start + _count + bytes.Length > _bytes.Length)
            {
                var grown = _count + bytes.Length <= _bytes.Length ? _bytes : new byte[Math.Max(_bytes.Length * 2, _count + bytes.Length)];
                _bytes.AsSpan(_start, _count).CopyTo(grown);
                _bytes = grown;
                _start = 0;
            }

            bytes.CopyTo(_bytes.AsSpan(_start + _count));
            _count += bytes.Length;
        }
    }

    private sealed class QueueStream(ByteQueue input, ByteQueue output, IPEndPoint? local, IPEndPoint? remote) : Stream, IConnectionEndPoints
    {
        private int _disposed;

        public IPEndPoint? LocalEndPoint => local;

        public IPEndPoint? RemoteEndPoint => remote;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            // A zero-byte read waits, as on a socket, until there are bytes to read (or the end), and takes none.
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            return input.ReadAsync(buffer, cancellationToken);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            if (cancellationToken.IsCancellationRequested)
            {
                return ValueTask.FromCanceled(cancellationToken);
            }

            return output.Write(buffer.Span)
                ? ValueTask.CompletedTask
                : ValueTask.FromException(new IOException("the other end of the in-memory connection is closed"));
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
                input.CompleteReader();
                output.CompleteWriter(new IOException(
                    "the in-memory connection was reset by its peer", new SocketException((int)SocketError.ConnectionReset)));
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                input.CompleteReader();
                output.CompleteWriter();
            }

            base.Dispose(disposing);
        }
    }
}
