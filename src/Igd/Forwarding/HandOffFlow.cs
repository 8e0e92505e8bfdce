using System.Net;
using IgdLab.Contracts.InProcess;

namespace IgdLab.Igd.Forwarding;

/// <summary>
/// One forwarded TCP connection served by a LAN host in this process (<see cref="IInProcessNetwork"/>): the host reads and
/// writes the outside connection (an accepted WAN socket, or an in-memory connection on the in-process WAN) through a
/// stream that counts the WAN traffic, marks the mapping active and tells the host who calls, as a relay would.
/// Ending in order closes the connection; a failure or an abort (the mapping closed) resets it.
/// </summary>
internal sealed class HandOffFlow(
    OutsideConnection outside, IPEndPoint target, ConnectionService handler, ForwardingContext context, MappingActivity activity) : IFlow
{
    private readonly FlowAbort _abort = new();

    /// <inheritdoc />
    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <inheritdoc />
    /// <remarks>The host's first read is asynchronous, so it runs on the accept loop's thread up to that read.</remarks>
    public void Start() => Completion = RunAsync();

    /// <inheritdoc />
    public void Abort()
    {
        if (_abort.Request())
        {
            outside.Reset();
        }
    }

    private async Task RunAsync()
    {
        context.Counters.FlowOpened();
        var graceful = false;
        try
        {
            await using var stream = new CountingStream(outside.Stream, outside.Peer, target, context.Counters, activity);
            await handler(stream, _abort.Token);
            graceful = !_abort.IsCancelled;
        }
        catch (Exception ex)
        {
            ForwardingPlane.Log.RelayFailed(context.Logger, outside.Peer, target, ex);
        }
        finally
        {
            if (graceful)
            {
                outside.Close();
            }
            else
            {
                outside.Reset();
            }

            context.Counters.FlowClosed();
            _abort.Dispose();
        }
    }

    /// <summary>
    /// The outside connection as the host's stream: it counts what crosses the WAN side, shows the host the outside peer
    /// as its remote endpoint (as behind a NAT), and leaves closing to the flow.
    /// </summary>
    private sealed class CountingStream(Stream inner, IPEndPoint peer, IPEndPoint host, TrafficCounters counters, MappingActivity activity)
        : Stream, IConnectionEndPoints
    {
        public IPEndPoint LocalEndPoint => host;

        public IPEndPoint RemoteEndPoint => peer;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Received(await inner.ReadAsync(buffer, cancellationToken));

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await inner.WriteAsync(buffer, cancellationToken);
            Sent(buffer.Length);
        }

        public override int Read(Span<byte> buffer) => Received(inner.Read(buffer));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            inner.Write(buffer);
            Sent(buffer.Length);
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override void Flush() => inner.Flush();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        private int Received(int read)
        {
            if (read > 0)
            {
                counters.CountReceived(read);
                activity.Touch();
            }

            return read;
        }

        private void Sent(int length)
        {
            counters.CountSent(length);
            activity.Touch();
        }
    }
}
